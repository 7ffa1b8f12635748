using MongoDB.Bson;
using Realms;

namespace Example.App;

// The project enables nullable reference types (App.csproj): `string` is required, `string?`
// optional.
public partial class Shelter : IRealmObject
{
    [PrimaryKey]
    [MapTo("_id")]
    public ObjectId Id { get; set; } = ObjectId.GenerateNewId();

    public string Name { get; set; } = "";

    public string? Motto { get; set; }

    public byte[] Logo { get; set; } = [];
}

#nullable disable
public partial class Volunteer : IRealmObject
{
    [PrimaryKey]
    [MapTo("_id")]
    public ObjectId Id { get; set; }

    public string Name { get; set; }

    [Required]
    public string Email { get; set; }
}
#nullable restore

public partial class Donation : IRealmObject
{
    [PrimaryKey]
    [MapTo("_id")]
    public ObjectId Id { get; set; }

    public string Donor { get; set; } = "";
}
