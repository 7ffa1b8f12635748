package com.example.model

import io.realm.kotlin.ext.backlinks
import io.realm.kotlin.query.RealmResults
import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.annotations.PersistedName
import io.realm.kotlin.types.annotations.PrimaryKey
import io.realm.kotlin.mongodb.types.AsymmetricRealmObject
import org.mongodb.kbson.ObjectId

typealias Depth = Double

@PersistedName("Pond_v2")
class Pond : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    var name: String = ""
    var depth: Depth = 0.0
    val frogs: RealmResults<Frog> by backlinks(Frog::pond)
}

class WeatherEvent : AsymmetricRealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    var message: String = ""
    var tags: List<String> = listOf()
    var lazyNote: String by lazy { "x" }
}

// Not a model.
class PondRepository(private val realmName: String) {
    fun all(): List<Pond> = emptyList()
}
