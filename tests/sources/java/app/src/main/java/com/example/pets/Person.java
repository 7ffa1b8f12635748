package com.example.pets;

import io.realm.RealmDictionary;
import io.realm.RealmList;
import io.realm.RealmModel;
import io.realm.RealmSet;
import io.realm.annotations.PrimaryKey;
import io.realm.annotations.RealmClass;
import io.realm.annotations.RealmField;
import io.realm.annotations.Required;

@RealmClass(name = "Human")
public class Person implements RealmModel {
    @PrimaryKey
    @Required
    @RealmField("_id")
    public String id;

    public RealmList<Dog> dogs = new RealmList<>();

    @Required
    public RealmList<String> nicknames = new RealmList<>();

    public RealmList<Integer> luckyNumbers;

    public RealmSet<String> tags = new RealmSet<>();

    public RealmDictionary<Double> ratings = new RealmDictionary<>();

    public RealmDictionary<Dog> dogsByName = new RealmDictionary<>();

    public Address home;

    public RealmList<Address> previous = new RealmList<>();
}
