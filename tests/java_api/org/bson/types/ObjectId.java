package org.bson.types;

public final class ObjectId {
    public ObjectId() {}
    public ObjectId(String hex) {}
}
