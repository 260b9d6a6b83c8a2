/// What one revision appended after a signature changed.
public struct PDFRevisionChanges: Codable, Hashable, Sendable {
    /// A kind of change.
    public enum Kind: String, Codable, Hashable, Sendable, Comparable {
        /// The document security store (certificates, CRLs, OCSP responses): B-LT.
        case dss
        /// A document timestamp (`/DocTimeStamp`): B-LTA.
        case documentTimestamp = "document-timestamp"
        /// A further signature, its field and widget.
        case signature
        /// Form fields filled in, their appearances.
        case formFields = "form-fields"
        /// The document information dictionary or the XMP metadata.
        case metadata
        /// Anything else: pages, their content, annotations that are not form widgets, the
        /// catalog's other entries, deleted objects.
        case content

        /// Orders by declaration.
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.order < rhs.order }

        private var order: Int {
            switch self {
            case .dss: return 0
            case .documentTimestamp: return 1
            case .signature: return 2
            case .formFields: return 3
            case .metadata: return 4
            case .content: return 5
            }
        }
    }

    /// The revision.
    public var revision: Int
    /// The kinds of change, sorted.
    public var kinds: [Kind]
    /// One line per changed object: `object 5 0 R (page): /Contents changed`.
    public var details: [String]

    /// Whether the revision changed the document's content.
    public var changesContent: Bool { kinds.contains(.content) }
}

/// Sorts what each revision after a signed one changed: the objects its cross-reference
/// sections define, compared with the same objects one revision earlier, judged by the role
/// they play in the newer revision (catalog, form, field, page, DSS, signature, …).
struct RevisionAnalysis {
    let document: PDFDocument

    /// The changes of every revision after `signed`, each worked out once across the calls
    /// sharing `known` (every signature of a file asks about the revisions after its own).
    func changes(after signed: Int, known: inout [Int: PDFRevisionChanges]) -> [PDFRevisionChanges] {
        guard signed + 1 < document.revisions.count else { return [] }
        var result: [PDFRevisionChanges] = []
        for index in (signed + 1)..<document.revisions.count {
            if let changes = known[index] {
                result.append(changes)
            } else {
                let changes = changes(in: index)
                known[index] = changes
                result.append(changes)
            }
        }
        return result
    }

    /// The changes revision `index` made to revision `index - 1`.
    func changes(in index: Int) -> PDFRevisionChanges {
        let revision = document.revisions[index]
        let roles = Roles(document: document, revision: index)
        var kinds: Set<PDFRevisionChanges.Kind> = []
        var details: [String] = []
        func note(_ kind: PDFRevisionChanges.Kind, _ detail: String) {
            kinds.insert(kind)
            details.append(detail)
        }
        if document.root(asOf: index) != document.root(asOf: index - 1) {
            note(.content, "the trailer's /Root now names another catalog")
        }
        for number in revision.definedObjects.keys.sorted() {
            let entry = revision.definedObjects[number]
            let previous = document.entry(for: number, asOf: index - 1)
            let existed: Bool = {
                switch previous {
                case nil, .free?: return false
                default: return true
                }
            }()
            if case .free? = entry {
                if existed { note(.content, "object \(number) deleted") }
                continue
            }
            guard let reference = reference(number, entry) else { continue }
            let role = roles.role(of: reference)
            guard existed else {
                if let kind = role.kindWhenNew { note(kind, "object \(reference) (\(role.name)) added") }
                continue
            }
            let old: PDFObject
            let new: PDFObject
            do {
                old = try document.object(reference, asOf: index - 1)
                new = try document.object(reference, asOf: index)
            } catch {
                note(.content, "object \(reference) unreadable: \(error)")
                continue
            }
            guard !same(old, new) else { continue }
            let (kind, detail) = judge(old, new, role: role, roles: roles, revision: index)
            note(kind, "object \(reference) (\(role.name)): \(detail)")
        }
        return PDFRevisionChanges(revision: index, kinds: kinds.sorted(), details: details)
    }

    private func reference(_ number: Int, _ entry: CrossReferenceEntry?) -> PDFReference? {
        switch entry {
        case .offset(_, let generation)?: return PDFReference(number, generation)
        case .compressed?: return PDFReference(number, 0)
        default: return nil
        }
    }

    /// Equal objects; streams compare their bytes, not where they lie.
    private func same(_ old: PDFObject, _ new: PDFObject) -> Bool {
        if case .stream(let a) = old, case .stream(let b) = new {
            guard a.dictionary == b.dictionary else { return false }
            return document.bytes(in: a.dataRange) == document.bytes(in: b.dataRange)
        }
        return old == new
    }

    /// The kind of a change of an existing object in `role`.
    private func judge(
        _ old: PDFObject, _ new: PDFObject, role: Roles.Role, roles: Roles, revision: Int
    ) -> (PDFRevisionChanges.Kind, String) {
        let oldDictionary = old.dictionary ?? PDFDictionary()
        let newDictionary = new.dictionary ?? PDFDictionary()
        let changed = Self.changedKeys(oldDictionary, newDictionary)
        let list = changed.map { "/" + $0.string }.joined(separator: " ")
        switch role {
        case .catalog:
            let allowed: Set<PDFName> = ["AcroForm", "DSS", "Extensions", "Metadata", "Perms"]
            guard changed.isSubset(of: allowed) else { return (.content, "catalog entries changed: \(list)") }
            if changed.contains("AcroForm"), oldDictionary["AcroForm"]?.reference == nil,
                let oldForm = oldDictionary["AcroForm"]?.dictionary,
                let newForm = newDictionary["AcroForm"]?.dictionary,
                let problem = formProblem(oldForm, newForm)
            {
                return (.content, problem)
            }
            if changed.contains("DSS") || changed.contains("Extensions") { return (.dss, "catalog: \(list)") }
            if changed.contains("Metadata") { return (.metadata, "catalog: \(list)") }
            return (.signature, "catalog: \(list)")
        case .acroForm:
            if let problem = formProblem(oldDictionary, newDictionary) { return (.content, problem) }
            return (.signature, "form: \(list)")
        case .fieldsArray, .annotationsArray:
            guard let oldList = old.array, let newList = new.array,
                oldList.allSatisfy({ newList.contains($0) })
            else { return (.content, "entries removed or replaced") }
            let added = newList.filter { !oldList.contains($0) }
            if role == .annotationsArray, let stranger = added.first(where: { !roles.isFormWidget($0) }) {
                return (.content, "annotation \(stranger) added that is not a form field's widget")
            }
            return (.signature, "\(added.count) entries added")
        case .page:
            guard changed.isSubset(of: ["Annots"]) else { return (.content, "page entries changed: \(list)") }
            let oldList = (try? document.resolve(oldDictionary["Annots"] ?? .null, asOf: revision - 1).array) ?? []
            let newList = (try? document.resolve(newDictionary["Annots"] ?? .null, asOf: revision).array) ?? []
            guard oldList.allSatisfy({ newList.contains($0) }) else { return (.content, "annotations removed") }
            if let stranger = newList.first(where: { !oldList.contains($0) && !roles.isFormWidget($0) }) {
                return (.content, "annotation \(stranger) added that is not a form field's widget")
            }
            return (.signature, "widget annotations added")
        case .signatureField:
            let allowed: Set<PDFName> = ["V", "AP", "AS", "MK", "F", "Lock", "SV"]
            guard changed.isSubset(of: allowed) else { return (.content, "signature field entries changed: \(list)") }
            if changed.contains("V"), oldDictionary["V"] != nil {
                return (.content, "the value of a signed signature field replaced")
            }
            return (.signature, "signature field: \(list)")
        case .formField:
            let allowed: Set<PDFName> = ["V", "AP", "AS", "MK", "Kids", "DV"]
            guard changed.isSubset(of: allowed) else { return (.content, "form field entries changed: \(list)") }
            return (.formFields, "form field: \(list)")
        case .signatureDictionary, .documentTimestamp:
            return (.content, "a signature dictionary rewritten")
        case .dss:
            return (.dss, "DSS object updated")
        case .appearance:
            return (.formFields, "appearance stream updated")
        case .metadata:
            return (.metadata, "metadata updated")
        case .other:
            return (.content, changed.isEmpty ? "object replaced" : "entries changed: \(list)")
        }
    }

    /// Why a form dictionary's change is more than adding fields, or `nil`.
    private func formProblem(_ old: PDFDictionary, _ new: PDFDictionary) -> String? {
        let changed = Self.changedKeys(old, new)
        let allowed: Set<PDFName> = ["Fields", "SigFlags", "DR", "DA", "NeedAppearances"]
        guard changed.isSubset(of: allowed) else {
            return "form entries changed: " + changed.map { "/" + $0.string }.joined(separator: " ")
        }
        if let oldFields = old["Fields"]?.array, let newFields = new["Fields"]?.array,
            !oldFields.allSatisfy({ newFields.contains($0) })
        {
            return "form fields removed"
        }
        return nil
    }

    static func changedKeys(_ old: PDFDictionary, _ new: PDFDictionary) -> Set<PDFName> {
        var keys: Set<PDFName> = []
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] { keys.insert(key) }
        return keys
    }
}

/// The role each object plays in a revision: found by walking the catalog, the form's fields,
/// the page tree and the DSS.
struct Roles {
    enum Role: Hashable {
        case catalog, acroForm, fieldsArray, signatureField, formField, signatureDictionary, documentTimestamp
        case page, annotationsArray, dss, appearance, metadata, other

        var name: String {
            switch self {
            case .catalog: return "catalog"
            case .acroForm: return "form"
            case .fieldsArray: return "form fields array"
            case .signatureField: return "signature field"
            case .formField: return "form field"
            case .signatureDictionary: return "signature"
            case .documentTimestamp: return "document timestamp"
            case .page: return "page"
            case .annotationsArray: return "annotations array"
            case .dss: return "DSS"
            case .appearance: return "appearance"
            case .metadata: return "metadata"
            case .other: return "other"
            }
        }

        /// The kind of change an object of this role makes when it is new; `nil` for objects
        /// the structure does not reach (they change nothing by themselves).
        var kindWhenNew: PDFRevisionChanges.Kind? {
            switch self {
            case .signatureDictionary, .signatureField: return .signature
            case .documentTimestamp: return .documentTimestamp
            case .dss: return .dss
            case .formField, .appearance: return .formFields
            case .metadata: return .metadata
            case .catalog, .acroForm, .fieldsArray, .page, .annotationsArray: return .content
            case .other: return nil
            }
        }
    }

    private var roles: [PDFReference: Role] = [:]
    private var widgets: Set<PDFReference> = []

    init(document: PDFDocument, revision: Int) {
        var walker = Walker(document: document, revision: revision)
        walker.walk()
        roles = walker.roles
        widgets = walker.widgets
    }

    func role(of reference: PDFReference) -> Role { roles[reference] ?? .other }

    /// Whether `annotation` is the widget of a form field (signature or other).
    func isFormWidget(_ annotation: PDFObject) -> Bool {
        guard let reference = annotation.reference else { return false }
        return widgets.contains(reference)
    }

    private struct Walker {
        let document: PDFDocument
        let revision: Int
        var roles: [PDFReference: Role] = [:]
        var widgets: Set<PDFReference> = []

        mutating func walk() {
            guard let root = document.root(asOf: revision) else { return }
            assign(root, .catalog)
            guard let catalog = try? document.object(root, asOf: revision).dictionary else { return }
            if let info = document.revisions[revision].trailer["Info"]?.reference { assign(info, .metadata) }
            if let metadata = catalog["Metadata"]?.reference { assign(metadata, .metadata) }
            if let form = catalog["AcroForm"] {
                if let reference = form.reference { assign(reference, .acroForm) }
                if let dictionary = resolve(form).dictionary, let fields = dictionary["Fields"] {
                    if let reference = fields.reference { assign(reference, .fieldsArray) }
                    for field in resolve(fields).array ?? [] { walkField(field, inheritedType: nil, depth: 0) }
                }
            }
            if let dss = catalog["DSS"] { walkAll(dss, role: .dss, depth: 0) }
            if let pages = catalog["Pages"] { walkPages(pages, depth: 0) }
        }

        private func resolve(_ object: PDFObject) -> PDFObject {
            (try? document.resolve(object, asOf: revision)) ?? .null
        }

        private mutating func assign(_ reference: PDFReference, _ role: Role) {
            if roles[reference] == nil { roles[reference] = role }
        }

        private mutating func walkField(_ object: PDFObject, inheritedType: PDFName?, depth: Int) {
            guard depth < document.limits.maximumDepth else { return }
            if let reference = object.reference, roles[reference] != nil { return }
            guard let field = resolve(object).dictionary else { return }
            let type = field["FT"]?.name ?? inheritedType
            if let reference = object.reference {
                assign(reference, type == "Sig" ? .signatureField : .formField)
                widgets.insert(reference)
            }
            if let value = field["V"], type == "Sig", let reference = value.reference {
                let isTimestamp =
                    resolve(value).dictionary.map {
                        PDFSignatureDictionary(reference: reference, dictionary: $0).isDocumentTimestamp
                    } ?? false
                assign(reference, isTimestamp ? .documentTimestamp : .signatureDictionary)
            }
            if let appearance = field["AP"] { walkAppearance(appearance) }
            for kid in resolve(field["Kids"] ?? .null).array ?? [] {
                walkField(kid, inheritedType: type, depth: depth + 1)
            }
        }

        private mutating func walkPages(_ object: PDFObject, depth: Int) {
            guard depth < document.limits.maximumDepth else { return }
            if let reference = object.reference {
                if roles[reference] != nil { return }
                assign(reference, .page)
            }
            guard let node = resolve(object).dictionary else { return }
            if let annotations = node["Annots"]?.reference { assign(annotations, .annotationsArray) }
            for kid in resolve(node["Kids"] ?? .null).array ?? [] { walkPages(kid, depth: depth + 1) }
        }

        /// Marks the streams of an appearance dictionary (`/N`, `/R`, `/D`, each a stream or a
        /// dictionary of states), not what they use (resources may be the pages' too).
        private mutating func walkAppearance(_ object: PDFObject) {
            if let reference = object.reference { assign(reference, .appearance) }
            for entry in resolve(object).dictionary?.entries ?? [] {
                if let reference = entry.value.reference {
                    assign(reference, .appearance)
                    if case .dictionary(let states) = resolve(entry.value) {
                        for state in states.entries {
                            if let stream = state.value.reference { assign(stream, .appearance) }
                        }
                    }
                } else if case .dictionary(let states) = entry.value {
                    for state in states.entries {
                        if let stream = state.value.reference { assign(stream, .appearance) }
                    }
                }
            }
        }

        /// Gives `role` to every object reachable from `object` (the DSS).
        private mutating func walkAll(_ object: PDFObject, role: Role, depth: Int) {
            guard depth < document.limits.maximumDepth else { return }
            var value = object
            if let reference = object.reference {
                if roles[reference] != nil { return }
                assign(reference, role)
                value = resolve(object)
            }
            switch value {
            case .array(let elements):
                for element in elements { walkAll(element, role: role, depth: depth + 1) }
            case .dictionary(let dictionary):
                for entry in dictionary.entries { walkAll(entry.value, role: role, depth: depth + 1) }
            case .stream(let stream):
                for entry in stream.dictionary.entries where entry.key != "Length" {
                    walkAll(entry.value, role: role, depth: depth + 1)
                }
            default: break
            }
        }
    }
}
