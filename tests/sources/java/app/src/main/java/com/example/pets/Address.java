package com.example.pets;

import io.realm.RealmObject;
import io.realm.annotations.RealmClass;

@RealmClass(embedded = true)
public class Address extends RealmObject {
    public String street;
    public String city = "Oslo";
    public int number;
}
