#import <Realm/Realm.h>
#import "Owner.h"

// Interface and implementation in one file; an embedded object and a backlink.
@interface Tag : RLMEmbeddedObject
@property NSString *label;
@end

@implementation Tag
+ (NSArray *)requiredProperties { return @[@"label"]; }
@end

@interface Pet : RLMObject
@property RLMObjectId *_id;
@property NSString *name;
@property Tag *tag;
@property (readonly) RLMLinkingObjects *owners;
@end

@implementation Pet
+ (NSString *)primaryKey { return @"_id"; }
+ (NSArray *)requiredProperties { return @[@"_id", @"name"]; }
+ (NSDictionary *)linkingObjectsProperties {
    return @{
        @"owners": [RLMPropertyDescriptor descriptorWithClass:Owner.class propertyName:@"pets"],
    };
}
@end

// A subclass of a model class: its own type, Animal's properties first, Animal's primary key.
@interface Animal : RLMObject
@property RLMObjectId *_id;
@property NSString *name;
@end

@implementation Animal
+ (NSString *)primaryKey { return @"_id"; }
+ (NSArray *)requiredProperties { return @[@"_id"]; }
@end

@interface Kitten : Animal
@property NSInteger whiskers;
@end

@implementation Kitten
@end

// Not a model.
@interface PetFormatter : NSObject
@property NSString *pattern;
@end

@implementation PetFormatter
@end
