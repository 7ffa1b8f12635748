package com.example.kennel

import io.github.xilinjia.krdb.ext.realmListOf
import io.github.xilinjia.krdb.types.EmbeddedRealmObject
import io.github.xilinjia.krdb.types.RealmList
import io.github.xilinjia.krdb.types.RealmObject
import io.github.xilinjia.krdb.types.annotations.PersistedName
import io.github.xilinjia.krdb.types.annotations.PrimaryKey
import org.mongodb.kbson.BsonObjectId
import org.mongodb.kbson.ObjectId

// A community fork of the Realm Kotlin SDK under another package: the same class shapes.
class Owner : RealmObject {
    @PersistedName("_id")
    @PrimaryKey
    var id: ObjectId = BsonObjectId()
    var dogs: RealmList<Dog> = realmListOf()
    var address: Address? = null
    var visits: Long = 0L
        private set
    var fullName: String

    constructor() {
        fullName = ""
    }
}

class Address : EmbeddedRealmObject {
    var street: String = ""
    var city: String = ""
}
