using System.Collections.Generic;
using MongoDB.Bson;
using Realms;

namespace Example.Models
{
    public partial class Person : IRealmObject
    {
        [PrimaryKey, MapTo("_id")]
        public ObjectId Id { get; set; }

        [MapTo("first_name")]
        public string FirstName { get; set; }

        public IList<Dog> Dogs { get; }

        public DateTime LastSeen { get; set; }

        public Status Status { get; set; }
    }

    public partial class AuditEvent : IAsymmetricObject
    {
        [PrimaryKey, MapTo("_id")]
        public Guid Id { get; set; }

        public string? Message { get; set; }
    }

    public enum Status { Active, Inactive }
}
