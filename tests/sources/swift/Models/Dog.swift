import Foundation
import RealmSwift

// A dog has an _id primary key, a string name, an optional
// string breed, and a date of birth.
class Dog: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var name = ""
    @Persisted var breed: String?
    @Persisted var dateOfBirth = Date()
    @Persisted var weightKg: Double = 12.5
    @Persisted var isGoodBoy = true
    @Persisted(originProperty: "dogs") var owners: LinkingObjects<Person>

    // Not persisted: no @Persisted.
    var displayName: String {
        "\(name) (\(breed ?? "mixed"))"
    }
}

class Person: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted(indexed: true) var name = ""
    @Persisted var dogs: List<Dog>
    @Persisted var address: Address?
    @Persisted var nicknames: MutableSet<String>
    @Persisted var favoriteParksByCity: Map<String, String?>
    @Persisted var luckyNumbers: List<Int?>
    @Persisted var status: TaskStatus = .notStarted
    @Persisted var anything: AnyRealmValue
    @Persisted var firstName: String
    @Persisted var lastName: String

    override class func propertiesMapping() -> [String: String] {
        ["firstName": "first_name", "lastName": "last_name"]
    }
}

enum TaskStatus: String, PersistableEnum {
    case notStarted
    case inProgress
    case complete
}
