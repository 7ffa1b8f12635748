package com.example.pets;

import io.realm.RealmObject;
import io.realm.annotations.PrimaryKey;
import io.realm.annotations.RealmClass;
import io.realm.annotations.RealmField;
import io.realm.annotations.RealmNamingPolicy;

/** Android style field names, persisted with underscores. */
@RealmClass(value = "user_profile", fieldNamingPolicy = RealmNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
public class Profile extends RealmObject {
    @PrimaryKey
    @RealmField(name = "_id")
    private long mUserId;
    private String mFirstName;
    private String displayName;
    @RealmField("EMAIL")
    private String email;
}
