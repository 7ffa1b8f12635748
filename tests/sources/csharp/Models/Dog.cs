#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;
using MongoDB.Bson;
using Realms;

namespace Example.Models;

public partial class Dog : IRealmObject
{
    [PrimaryKey]
    [MapTo("_id")]
    public ObjectId Id { get; set; } = ObjectId.GenerateNewId();

    public string Name { get; set; } = null!;

    public int Age { get; set; }

    public string? Breed { get; set; }

    [Indexed]
    public string Color { get; set; } = "brown";

    public IList<string> Nicknames { get; } = null!;

    public ISet<int?> LuckyNumbers { get; }

    public IDictionary<string, DogToy?> ToysByRoom { get; }

    public RealmValue Anything { get; set; }

    public RealmInteger<int> Treats { get; set; }

    public DateTimeOffset Birthday { get; set; }

    public Guid ChipId { get; set; }

    public byte[]? Photo { get; set; }

    public float Weight { get; set; } = 12.5f;

    public decimal Price { get; set; }

    [Backlink(nameof(Person.Dogs))]
    public IQueryable<Person> Owners { get; }

    [Ignored]
    public string Mood { get; set; } = "happy";

    public string Summary => $"{Name} ({Age})";
}

[MapTo("Toy")]
public partial class DogToy : IEmbeddedObject
{
    public string Name { get; set; } = "";
    public bool Squeaks { get; set; }
}
