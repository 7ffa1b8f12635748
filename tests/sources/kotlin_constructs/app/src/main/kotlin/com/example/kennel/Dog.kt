package com.example.kennel

import io.realm.kotlin.ext.realmDictionaryOf
import io.realm.kotlin.ext.realmListOf
import io.realm.kotlin.ext.realmSetOf
import io.realm.kotlin.types.RealmInstant
import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.annotations.Index
import io.realm.kotlin.types.annotations.PrimaryKey
import org.mongodb.kbson.BsonObjectId
import org.mongodb.kbson.ObjectId

// Properties in the primary constructor, every one with a default: Kotlin generates the empty
// constructor Realm needs.
open class Dog(
    @PrimaryKey var _id: ObjectId = ObjectId(),
    var name: String = "",
    @Index var breed: String? = null,
    var age: Int = 3,
) : RealmObject {
    // Types inferred from the initialiser.
    var born = RealmInstant.now()
    var chip = BsonObjectId()
    var tags = realmListOf<String>()
    var nicknames = realmSetOf<String?>()
    var scores = realmDictionaryOf<Double>()
    var rate = 0.0
    var legs = 4
    var weight = 0L
    var height = 0f
    var trail = 1.5f
    var good = true
    var motto = "woof"

    // Statement noise: a `;` after a getter, an empty statement.
    val label: String
        get() = name;
    var toys: Int = 0;;
    var lastWalk: RealmInstant? = null

    fun bark(): String = "woof";
}
