import Foundation
import RealmSwift

// Realm Swift before @Persisted (< 10.10): @objcMembers classes with `dynamic var`,
// generic members declared with `let`, and the class methods that configure the schema.

@objc enum Mood: Int, RealmEnum {
    case calm
    case grumpy
}

@objcMembers class Kennel: Object {
    dynamic var _id = UUID().uuidString
    dynamic var name = ""
    dynamic var city: String? = nil
    dynamic var openedAt = Date()
    dynamic var photo: Data?
    dynamic var rating = 0.0
    dynamic var capacity = 12
    dynamic var floor = Int.min
    dynamic var code = UUID.init().uuidString
    dynamic var heated = false
    dynamic var mood = Mood.calm
    let residents = List<Puppy>()

    // Without `dynamic`, but @objcMembers makes it an Objective-C property: RealmSwift's schema
    // discovery includes it.
    var cachedLabel = ""

    override static func primaryKey() -> String? {
        return #keyPath(_id)
    }

    override static func indexedProperties() -> [String] {
        [#keyPath(Kennel.name)]
    }
}
