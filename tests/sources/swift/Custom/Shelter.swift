import Foundation
import RealmSwift

// Types read from initialisers, custom-persistable types and enums by their raw type.

struct EmailAddress: CustomPersistable {
    typealias PersistedType = String
    let value: String
    init(persistedValue: String) { value = persistedValue }
    var persistableValue: String { value }
}

// No typealias: the persisted type is that of `persistableValue`.
struct Slug: CustomPersistable {
    let text: String
    init(persistedValue: String) { text = persistedValue }
    var persistableValue: String { text }
}

struct Coordinates {
    var lat: Double
    var lon: Double
}

class CoordinatesEmbedded: EmbeddedObject {
    @Persisted var lat = 0.0
    @Persisted var lon = 0.0
}

extension Coordinates: FailableCustomPersistable {
    typealias PersistedType = CoordinatesEmbedded
    init?(persistedValue: CoordinatesEmbedded) {
        self.init(lat: persistedValue.lat, lon: persistedValue.lon)
    }
    var persistableValue: CoordinatesEmbedded {
        let e = CoordinatesEmbedded()
        e.lat = lat
        e.lon = lon
        return e
    }
}

enum Priority: Int, PersistableEnum {
    case low
    case high
}

class Volunteer: Object {
    @Persisted(primaryKey: true) var _id = ObjectId.generate()
    @Persisted var name = ""
}

class Shelter: Object {
    @Persisted(primaryKey: true) var _id = UUID().uuidString
    @Persisted var createdAt = Date()
    @Persisted var tags = List<String>()
    @Persisted var volunteers = RealmSwift.List<Volunteer>()
    @Persisted var labels = MutableSet<String>()
    @Persisted var counts = Map<String, Int>()
    @Persisted var visits = 0
    @Persisted var rating = 0.0
    @Persisted var open = true
    @Persisted var motto = ""
    @Persisted var priority = Priority.low
    @Persisted var contact: EmailAddress
    @Persisted var backup: EmailAddress?
    @Persisted var location: Coordinates?
    @Persisted var slug: Slug
}
