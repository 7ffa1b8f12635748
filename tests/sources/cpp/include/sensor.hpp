#pragma once

#include <cpprealm/sdk.hpp>
#include <jni.h>
#include <variant>

// realm-cpp stores a std::variant whose alternatives are std::monostate or scalars as mixed,
// written directly or through an alias.
namespace sensors {

using Reading = std::variant<std::monostate, int64_t, double, std::string>;
typedef std::variant<std::monostate, bool, std::string> Flag;
using SensorId = realm::object_id;

struct Sensor {
    realm::primary_key<SensorId> _id;
    std::variant<std::monostate, int64_t, bool> raw;
    Reading reading;
    Flag flag;
    std::vector<Reading> history;
    std::map<std::string, Reading> extras;
    std::string label;
};
REALM_SCHEMA(Sensor, _id, raw, reading, flag, history, extras, label)

}  // namespace sensors

// JNI glue in the same header: not part of the model, and not a syntax error of it.
extern "C" {
JNIEXPORT jstring JNICALL Java_com_example_sensors_Native_label(JNIEnv* env, jobject thiz);
}

extern "C" JNIEXPORT void JNICALL
Java_com_example_sensors_Native_init(JNIEnv *env, jobject /* this */) {
    return;
}
