#!/usr/bin/env bash
# Packs the Pipelines CLI of this checkout as a .NET tool and installs it into a tool path, from
# that package only (a private NuGet config with the one local source: no feed can substitute
# another package of the same name). Used by the reusable workflows' `engine: dotnet`, which check
# Pipelines out at the same ref as the Dagger module they would otherwise call.
#
#   install-pipelines-tool.sh TOOL_PATH      then run TOOL_PATH/pipelines
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tool_path="${1:?usage: install-pipelines-tool.sh TOOL_PATH}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet pack "$src/src/Pipelines.Cli/Pipelines.Cli.csproj" --configuration Release --output "$work/packages" --nologo
package="$(find "$work/packages" -name 'Pipelines.Cli.*.nupkg' -print -quit)"
version="$(basename "$package" .nupkg)"
version="${version#Pipelines.Cli.}"
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="pipelines" value="$work/packages" />
  </packageSources>
</configuration>
CONFIG
dotnet tool install Pipelines.Cli --tool-path "$tool_path" --version "$version" --configfile "$work/nuget.config"
"$tool_path/pipelines" --version
