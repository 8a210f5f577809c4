// The static Dag client, and Dagger's Directory and File rather than System.IO's.
global using static Dagger.Client;
global using Directory = Dagger.Directory;
global using File = Dagger.File;
