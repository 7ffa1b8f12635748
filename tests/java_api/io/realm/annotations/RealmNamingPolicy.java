package io.realm.annotations;

public enum RealmNamingPolicy { NO_POLICY, IDENTITY, CAMEL_CASE, PASCAL_CASE, LOWER_CASE_WITH_UNDERSCORES }
