import Foundation
import RealmSwift

class Puppy: Object {
    @objc dynamic var _id: ObjectId = ObjectId.generate()
    @objc dynamic var name = ""
    @objc dynamic var nickname: String? = nil
    @objc dynamic var born: Date? = nil
    @objc dynamic var weight = 1.5 as Float
    @objc dynamic var chip: Data? = nil
    @objc dynamic var collar: Collar?
    @objc dynamic var bestFriend: Puppy?
    @objc dynamic var tempNote = ""
    // Not an Objective-C property: implicitly ignored.
    var scratch = 0
    // Read-only: ignored.
    @objc let kind = "puppy"
    let age = RealmOptional<Int>()
    let height = RealmProperty<Double?>()
    let extra = RealmProperty<AnyRealmValue>()
    let toys = List<String>()
    let tags = MutableSet<String>()
    let scores = Map<String, Int>()
    let kennels = LinkingObjects(fromType: Kennel.self, property: "residents")

    override class func primaryKey() -> String? { "_id" }

    override static func ignoredProperties() -> [String] {
        return ["tempNote"]
    }
}

class Collar: EmbeddedObject {
    @objc dynamic var color = "red"
    @objc dynamic var size = 2
}
