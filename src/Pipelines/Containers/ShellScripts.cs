namespace Pipelines.Containers;

/// <summary>
/// The few fixed shell programs the plans run. They are constants: input never becomes part of a
/// script. Values reach them as positional parameters ("$@") or environment variables.
/// </summary>
internal static class ShellScripts
{
    /// <summary>
    /// Runs "$@", records its exit status in <c>$PIPELINES_OUT/exit-code</c> and exits 0 whatever
    /// that status was (1 blocked, 3 split, 137 killed by SIGKILL...), so the report, the summary
    /// and the code survive and can be exported. Only a failure to record the code fails the step.
    /// </summary>
    public const string RecordExitCode =
        """
        out="${PIPELINES_OUT:?PIPELINES_OUT is not set}"
        mkdir -p "$out"
        "$@"
        code=$?
        printf '%s\n' "$code" > "$out/exit-code" || exit 70
        exit 0
        """;

    /// <summary>Exits with the recorded status, so the gate's exit code becomes the caller's.</summary>
    public const string ExitWithRecordedCode =
        """
        code="$(cat "${PIPELINES_OUT:?PIPELINES_OUT is not set}/exit-code" 2>/dev/null)"
        case "$code" in
          ''|*[!0-9]*) echo "the gate recorded no exit code" >&2; exit 70 ;;
        esac
        exit "$code"
        """;

    /// <summary>
    /// Downloads the wfctl release asset and the release's <c>checksums.txt</c> into the working
    /// directory, inside a container: the engine's own <c>http</c> fetch runs in the module's SDK
    /// client, under its HTTP timeout, which a large binary on a slow link can exceed. The URLs
    /// arrive as variables (<c>WFCTL_URL</c>, <c>WFCTL_CHECKSUMS_URL</c>), built by the planner from
    /// a validated version; redirects (GitHub sends release downloads to its CDN) must stay https.
    /// An optional <c>WFCTL_SHA256</c> pins the binary on top of the checksums file.
    /// </summary>
    public const string DownloadWfctl =
        """
        set -eu
        fetch() { curl --fail --silent --show-error --location --proto-redir '=https' --retry 3 --connect-timeout 30 --max-time 600 --output "$1" "$2"; }
        fetch "${WFCTL_ASSET:?WFCTL_ASSET is not set}" "${WFCTL_URL:?WFCTL_URL is not set}"
        fetch checksums.txt "${WFCTL_CHECKSUMS_URL:?WFCTL_CHECKSUMS_URL is not set}"
        if [ -n "${WFCTL_SHA256:-}" ]; then
          printf '%s  %s\n' "$WFCTL_SHA256" "$WFCTL_ASSET" | sha256sum -c -
        fi
        """;

    /// <summary>
    /// Checks the downloaded wfctl binary against the release's published <c>checksums.txt</c>
    /// (sha256sum format). Exactly one entry must name the asset, and its digest must match.
    /// </summary>
    public const string VerifyChecksum =
        """
        set -eu
        asset="${WFCTL_ASSET:?WFCTL_ASSET is not set}"
        entries="$(awk -v a="$asset" '$2 == a || $2 == "*" a' checksums.txt)"
        count="$(printf '%s' "$entries" | grep -c . || true)"
        if [ "$count" -ne 1 ]; then
          echo "checksums.txt has $count entries for $asset; expected exactly one" >&2
          exit 1
        fi
        printf '%s\n' "$entries" | sha256sum -c -
        """;
}
