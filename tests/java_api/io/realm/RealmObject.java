package io.realm;

@io.realm.annotations.RealmClass
public abstract class RealmObject implements RealmModel {}
