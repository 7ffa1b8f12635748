import Foundation
import RealmSwift

// A legacy base model class shared by several models (in its own file).
class BaseRecord: Object {
    @objc dynamic var _id = UUID().uuidString
    @objc dynamic var createdAt = Date()

    override static func primaryKey() -> String? {
        return "_id"
    }
}
