package io.realm;

public interface RealmModel {}
