import SwiftUI
import RealmSwift

struct DogView: View {
    @ObservedRealmObject var dog: Dog

    var body: some View {
        Text(dog.name)
    }
}

final class DogStore: ObservableObject {
    @Published var selected: Dog?
}
