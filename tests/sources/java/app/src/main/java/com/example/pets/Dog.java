package com.example.pets;

import java.util.Date;
import java.util.UUID;

import io.realm.MutableRealmInteger;
import io.realm.RealmAny;
import io.realm.RealmObject;
import io.realm.RealmResults;
import io.realm.annotations.Ignore;
import io.realm.annotations.Index;
import io.realm.annotations.LinkingObjects;
import io.realm.annotations.PrimaryKey;
import io.realm.annotations.RealmField;
import io.realm.annotations.Required;

import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/** A dog: every scalar kind Realm Java stores, boxed and primitive. */
public class Dog extends RealmObject {
    public static final String TAG = "Dog";

    @PrimaryKey
    @Required
    private ObjectId _id = new ObjectId();

    @Required
    private String name = "";

    @Index
    private String breed;

    private Integer age;          // boxed: optional
    private int legs = 4;         // primitive: required
    private long weightGrams;
    private short rank;
    private byte flags;
    private Boolean vaccinated;
    private boolean goodBoy = true;
    private float height = 0.5f;
    private Double length;
    private double score;
    private Date birthday;
    @Required
    private java.util.Date registered = new Date();
    private byte[] photo;
    private Decimal128 price;
    private org.bson.types.ObjectId chipId;
    private UUID tag;
    private RealmAny extra;
    @Required
    private final MutableRealmInteger barks = MutableRealmInteger.valueOf(0);

    @RealmField("color_name")
    private String color;

    @RealmField(name = "owner_ref")
    private Person owner;

    @LinkingObjects("dogs")
    private final RealmResults<Person> walkers = null;

    @Ignore
    private int sessionViews;

    private transient String cache;

    public Dog() {
    }

    public Dog(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
