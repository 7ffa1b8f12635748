package com.example.pets;

import io.realm.annotations.RealmModule;
import io.realm.annotations.RealmNamingPolicy;

/** A module without a naming policy: nothing to say. */
@RealmModule(classes = {Dog.class, Person.class, Address.class, Profile.class}, fieldNamingPolicy = RealmNamingPolicy.NO_POLICY)
public class PetsModule {
}
