import Foundation
import RealmSwift

// Subclasses persist as their own types: the base's properties first, its primary key
// inherited.
class Bill: BaseRecord {
    @objc dynamic var amount = 0.0
    let lines = List<String>()
}

final class PaidBill: Bill {
    @objc dynamic var paidAt: Date?
}

// Modern syntax, inheriting from a modern base.
class Animal: Object {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var name = ""
}

class Cat: Animal {
    @Persisted var lives = 9
}
