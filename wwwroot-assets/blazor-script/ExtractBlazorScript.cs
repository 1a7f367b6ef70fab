#:property PublishAot=false
// Build step: copies Blazor's client script out of a served ASP.NET Core runtime pack.
// The .NET 10 pack that normally carries _framework/blazor.web.js
// (Microsoft.AspNetCore.App.Internal.Assets) is not served by this project's registry;
// the runtime pack's Microsoft.AspNetCore.Components.Endpoints.dll embeds the same script.
// usage: dotnet run ExtractBlazorScript.cs -- <Components.Endpoints.dll> <output file>
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ExtractBlazorScript <Microsoft.AspNetCore.Components.Endpoints.dll> <output.js>");
    return 2;
}
const string ResourceName = "_framework/blazor.web.js";
using var stream = File.OpenRead(args[0]);
using var pe = new PEReader(stream);
var metadata = pe.GetMetadataReader();
foreach (var handle in metadata.ManifestResources)
{
    var resource = metadata.GetManifestResource(handle);
    if (metadata.GetString(resource.Name) != ResourceName) continue;
    // Embedded resources sit in the CLI header's resources directory, each prefixed by its 4-byte length.
    var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
    var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
    block.Offset = (int)resource.Offset;
    var length = block.ReadInt32();
    var bytes = block.ReadBytes(length);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    File.WriteAllBytes(args[1], bytes);
    Console.WriteLine($"Extracted {ResourceName} ({bytes.Length} bytes) to {args[1]}");
    return 0;
}
Console.Error.WriteLine($"{ResourceName} not found in {args[0]}");
return 1;
