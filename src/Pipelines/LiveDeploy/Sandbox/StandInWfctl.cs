namespace Pipelines.LiveDeploy.Sandbox;

/// <summary>
/// The sandbox's stand-in for wfctl: a bash script that talks to no cloud. Each example's
/// <c>config.yaml</c> says how it behaves (<c># sandbox-behaviour: pass|fail|flaky</c>); flaky
/// fails its first plan or apply of a run with a throttling error, which live-deploy retries.
/// </summary>
internal static class StandInWfctl
{
    public static string Script(string stateDirectory) => $$"""
        #!/usr/bin/env bash
        # STAND-IN for wfctl, written by `pipelines sandbox live-deploy`.
        # It is NOT the real wfctl and talks to no cloud: it reads the example's
        # "# sandbox-behaviour: pass|fail|flaky" line and answers like wfctl would.
        set -u
        state_dir={{Quote(stateDirectory)}}
        say() { echo "[stand-in wfctl] $*"; }

        if [ "${1:-}" = "--version" ]; then
          echo "wfctl 0.0.0-sandbox (stand-in, not the real wfctl)"
          exit 0
        fi

        config=""; env_name=""; tag=""
        args=("$@")
        for ((i = 0; i < ${#args[@]}; i++)); do
          case "${args[$i]}" in
            -c) config="${args[$((i + 1))]:-}" ;;
            --env) env_name="${args[$((i + 1))]:-}" ;;
            --tag) tag="${args[$((i + 1))]:-}" ;;
          esac
        done
        plugin="$(basename "$PWD")"
        behaviour="pass"
        if [ -n "$config" ] && [ -f "$config" ]; then
          found="$(sed -n 's/^# sandbox-behaviour: *//p' "$config" | head -n 1)"
          [ -n "$found" ] && behaviour="$found"
        fi

        verb="${1:-} ${2:-}"
        case "$verb" in
          "infra plan"|"infra apply")
            say "$verb -c $config --env $env_name (plugin $plugin, owner ${WORKFLOW_RESOURCE_OWNER:-none})"
            if [ "$behaviour" = "fail" ]; then
              say "Error: provider rejected the example: InvalidParameterValue: instance type t9.nano does not exist"
              exit 1
            fi
            if [ "$behaviour" = "flaky" ]; then
              mkdir -p "$state_dir"
              count_file="$state_dir/$plugin.count"
              count=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
              echo "$count" > "$count_file"
              if [ $((count % 2)) -eq 1 ]; then
                say "Error: RequestLimitExceeded: Request limit exceeded (throttling)"
                exit 1
              fi
            fi
            say "Plan: 2 to add, 0 to change, 0 to destroy."
            [ "${2:-}" = "apply" ] && say "Apply complete! Resources: 2 added."
            exit 0
            ;;
          "infra status")
            say "2 resources healthy"
            exit 0
            ;;
          "infra destroy")
            say "Destroy complete! Resources: 2 destroyed."
            exit 0
            ;;
          "infra cleanup")
            say "cleanup --tag $tag: nothing left behind"
            exit 0
            ;;
        esac
        say "unsupported command: $*"
        exit 2
        """.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
