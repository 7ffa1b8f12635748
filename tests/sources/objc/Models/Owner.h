#import <Realm/Realm.h>

@class Pet;
RLM_COLLECTION_TYPE(Pet)

// Realm Objective-C: properties are declared in the interface, the schema options in the
// class methods of the implementation (Owner.m).
@interface Owner : RLMObject
@property RLMObjectId *_id;
@property NSString *name;
@property (nonatomic, copy) NSString *email;
@property NSInteger age;
@property BOOL verified;
@property double balance;
@property float rating;
@property NSDate *joinedAt;
@property NSData *avatar;
@property NSNumber<RLMInt> *luckyNumber;
@property NSNumber<RLMDouble> *height;
@property RLMDecimal128 *credit;
@property NSUUID *deviceId;
@property id<RLMValue> extra;
@property Pet *favourite;
@property RLMArray<Pet *><Pet> *pets;
@property RLMArray<NSString *><RLMString> *nicknames;
@property RLMSet<NSNumber *><RLMInt> *badges;
@property RLMDictionary<NSString *, NSString *><RLMString, RLMString> *notes;
@property NSString *draft;
@property (readonly) NSString *displayName;
@end
