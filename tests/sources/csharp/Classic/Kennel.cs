using System.Collections.Generic;
using MongoDB.Bson;
using Realms;

namespace Example.Classic
{
    // A classic woven model: Realm ignores nullability annotations here, so `string` is
    // optional unless [Required].
    public class Kennel : RealmObject
    {
        [PrimaryKey]
        [MapTo("_id")]
        public ObjectId Id { get; set; } = ObjectId.GenerateNewId();

        public string Name { get; set; }

        [Required]
        public string City { get; set; }

        public byte[] Photo { get; set; }

        public int Capacity { get; set; }

        public IList<string> Tags { get; }
    }
}
