package com.example.kennel

import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.annotations.PrimaryKey
import org.mongodb.kbson.ObjectId

// One member the grammar cannot parse: the class and the rest of the file are still read.
class Kennel : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    var name: String = ""
    var capacity: Int = = 10
    var city: String = ""
}

class Run(var length: Double = 0.0) : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
}
