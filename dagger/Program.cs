// Module entrypoint, called by the Dagger engine.
return await Dagger.ModuleRuntime.Entrypoint.RunAsync(args);
