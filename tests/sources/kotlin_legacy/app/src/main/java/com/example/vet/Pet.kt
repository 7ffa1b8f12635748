package com.example.vet

import io.realm.RealmList
import io.realm.RealmModel
import io.realm.RealmObject
import io.realm.RealmResults
import io.realm.annotations.Ignore
import io.realm.annotations.Index
import io.realm.annotations.LinkingObjects
import io.realm.annotations.PrimaryKey
import io.realm.annotations.RealmClass
import io.realm.annotations.RealmField
import io.realm.annotations.RealmNamingPolicy
import io.realm.annotations.Required
import org.bson.types.ObjectId
import java.util.Date

// The Realm Java API used from Kotlin.
open class Pet : RealmObject() {
    @PrimaryKey
    var _id: ObjectId = ObjectId()
    @Required
    var name: String = ""
    var nickname: String? = null
    var age: Int = 0
    var weight: Double? = null
    var born: Date = Date()
    @Index
    var species: String = "cat"
    @RealmField("owner_name")
    var ownerName: String? = null
    var tags: RealmList<String> = RealmList()
    @Required
    var codes: RealmList<String> = RealmList()
    var friends: RealmList<Pet> = RealmList()
    @LinkingObjects("friends")
    val friendOf: RealmResults<Pet>? = null
    @Ignore
    var selected: Boolean = false
    var home: Home? = null
}

@RealmClass(embedded = true)
open class Home : RealmObject() {
    var street: String? = null
}

@RealmClass(name = "vet_clinic", fieldNamingPolicy = RealmNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
open class Clinic : RealmModel {
    @PrimaryKey
    @RealmField("_id")
    var clinicId: Long = 0
    var openHours: Int = 8
    var mainPhone: String? = null
}
