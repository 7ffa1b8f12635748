import RealmSwift

class Address: EmbeddedObject {
    @Persisted var street: String?
    @Persisted var city: String?
    @Persisted var country: String?
    @Persisted var postalCode: String?
}

class SensorReading: AsymmetricObject {
    @Persisted(primaryKey: true) var _id: ObjectId
    @Persisted var deviceId: String
    @Persisted var value: Double
    @Persisted var timestamp: Date
}

typealias Money = Decimal128

class Invoice: Object {
    @Persisted(primaryKey: true) var _id: UUID
    @Persisted var total: Money
    @Persisted var lines: [String]
    @objc dynamic var legacyNote = ""
}
