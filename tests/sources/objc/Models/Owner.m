#import "Owner.h"

@implementation Owner

+ (NSString *)primaryKey {
    return @"_id";
}

+ (NSArray<NSString *> *)requiredProperties {
    return @[@"_id", @"name", @"nicknames"];
}

+ (NSArray<NSString *> *)indexedProperties {
    return @[@"email"];
}

+ (NSArray<NSString *> *)ignoredProperties {
    return @[@"draft"];
}

- (NSString *)displayName {
    return self.name;
}

@end
