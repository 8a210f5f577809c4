namespace Pipelines.Containers;

/// <summary>
/// The few fixed shell programs the plans run. They are constants: input never becomes part of a
/// script. Values reach them as positional parameters ("$@") or environment variables.
/// </summary>
public static class ShellScripts
{
    /// <summary>
    /// Runs "$@" and records its exit status in <c>$PIPELINES_OUT/exit-code</c>, then exits with it.
    /// The exec runs with <see cref="ExitExpectation.Any"/>, so the report, the summary and the code
    /// survive a blocked gate and can be exported.
    /// </summary>
    public const string RecordExitCode =
        """
        out="${PIPELINES_OUT:?PIPELINES_OUT is not set}"
        mkdir -p "$out"
        "$@"
        code=$?
        printf '%s\n' "$code" > "$out/exit-code"
        exit "$code"
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
