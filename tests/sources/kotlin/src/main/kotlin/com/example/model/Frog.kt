package com.example.model

import io.realm.kotlin.ext.backlinks
import io.realm.kotlin.ext.realmDictionaryOf
import io.realm.kotlin.ext.realmListOf
import io.realm.kotlin.ext.realmSetOf
import io.realm.kotlin.query.RealmResults
import io.realm.kotlin.types.EmbeddedRealmObject
import io.realm.kotlin.types.MutableRealmInt
import io.realm.kotlin.types.RealmAny
import io.realm.kotlin.types.RealmDictionary
import io.realm.kotlin.types.RealmInstant
import io.realm.kotlin.types.RealmList
import io.realm.kotlin.types.RealmObject
import io.realm.kotlin.types.RealmSet
import io.realm.kotlin.types.RealmUUID
import io.realm.kotlin.types.annotations.Ignore
import io.realm.kotlin.types.annotations.Index
import io.realm.kotlin.types.annotations.PersistedName
import io.realm.kotlin.types.annotations.PrimaryKey
import org.mongodb.kbson.Decimal128
import org.mongodb.kbson.ObjectId

class Frog : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    var name: String = ""
    var age: Int = 0
    var species: String? = null
    var owner: String? = null
    var pond: Pond? = null
}

class Contact : RealmObject {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    @Index
    var name: String = ""
    var address: EmailAddress? = null
    var favoriteFrogs: RealmList<Frog> = realmListOf()
    var nicknames: RealmSet<String> = realmSetOf()
    var frogsByDay: RealmDictionary<Frog?> = realmDictionaryOf()
    var createdAt: RealmInstant = RealmInstant.now()
    var deviceId: RealmUUID = RealmUUID.random()
    var balance: Decimal128 = Decimal128("0")
    var extra: RealmAny? = RealmAny.create("note")
    var likes: MutableRealmInt = MutableRealmInt.create(0)
    var rating: Double = 4.5
    @PersistedName("display_name")
    var displayName: String = "anonymous"
    @Ignore
    var draft: String = ""
    val initials: String
        get() = name.take(1)
}

class EmailAddress : EmbeddedRealmObject {
    var street: String? = null
    var city: String? = null
}
