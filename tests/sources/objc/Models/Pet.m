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
