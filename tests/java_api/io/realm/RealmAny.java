package io.realm;

public class RealmAny {
    public static RealmAny nullValue() { return new RealmAny(); }
    public static RealmAny valueOf(Long value) { return new RealmAny(); }
    public static RealmAny valueOf(Boolean value) { return new RealmAny(); }
    public static RealmAny valueOf(Double value) { return new RealmAny(); }
    public static RealmAny valueOf(String value) { return new RealmAny(); }
}
