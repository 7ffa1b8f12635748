#pragma once

#include <cpprealm/sdk.hpp>

namespace realm {

struct Dog;

struct Person {
    realm::primary_key<realm::object_id> _id;
    std::string name;
    int64_t age;
    Dog* dog;
    std::vector<Dog*> dogs;
    std::map<std::string, std::string> notes;
    std::set<int64_t> luckyNumbers;
    realm::mixed anything;
    std::chrono::time_point<std::chrono::system_clock> createdAt;
    std::optional<std::string> nickname;
    double height = 1.8;
    bool active = true;
    // Not in the schema macro: not persisted.
    std::string cache;
};
REALM_SCHEMA(Person, _id, name, age, dog, dogs, notes, luckyNumbers, anything, createdAt, nickname, height, active)

struct Dog {
    realm::primary_key<int64_t> _id;
    std::string name;
    std::optional<int64_t> age;
    realm::linking_objects<&Person::dog> owners;
    float weight;
};
REALM_SCHEMA(Dog, _id, name, age, owners, weight, color)

struct Address {
    std::string street;
    std::optional<std::string> city;
};
REALM_EMBEDDED_SCHEMA(Address, street, city)

enum class Level { info, warning, error };

struct Event {
    realm::primary_key<realm::uuid> _id;
    Level level = Level::info;
    std::vector<uint8_t> payload;
    Address* where;
};
REALM_ASYMMETRIC_SCHEMA(Event, _id, level, payload, where)

}  // namespace realm
