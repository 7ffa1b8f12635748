package com.example.pets;

import io.realm.RealmModel;

/** Not a model: RealmModel without @RealmClass is not read by Realm Java. */
public class Helpers implements RealmModel {
    public String note;
}

class Formatter {
    String format(Dog dog) {
        return dog.getName();
    }
}
