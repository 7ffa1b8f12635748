using MongoDB.Bson;
using Realms;

namespace Example.Legacy
{
    // The nearest project (Legacy.csproj) sets no <Nullable>: off, whatever App.csproj says.
    public partial class Adopter : IRealmObject
    {
        [PrimaryKey]
        [MapTo("_id")]
        public ObjectId Id { get; set; }

        public string Name { get; set; }

        [Required]
        public string Phone { get; set; }
    }
}
