import Foundation
import JPKIASN1
import JPKISimulator
import JPKIX509

/// A pseudo-random generator with a seed (SplitMix64), so that a demo run can be repeated.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A municipality: its local government code (for file names) and its name.
struct Municipality {
    var code: String
    var prefecture: String
    var city: String
}

/// The demo's input files, and what the job should find in them.
struct DemoDataset {
    /// The signature root (DER) the CRLs are signed by.
    var issuerFile: String
    var yesterdayDirectory: String
    var todayDirectory: String
    var customersFile: String
    /// The customers whose certificate today's CRLs list.
    var expectedRevoked: Set<String>
    /// The customers whose certificate was revoked since yesterday.
    var expectedNewlyRevoked: Set<String>
    /// The CRLs' total entries, yesterday and today.
    var entriesYesterday: Int
    var entriesToday: Int
}

/// Makes a day of J-LIS-like data: the test PKI's signature root, yesterday's and today's CRL
/// of a few municipalities (signed by the root, partitioned by an issuing distribution point
/// naming the municipality, as J-LIS does), and a customer list, some of whose certificates
/// were revoked long ago and some since yesterday.
enum DemoData {
    /// Municipalities the demo uses, in order.
    static let municipalities = [
        Municipality(code: "13101", prefecture: "東京都", city: "千代田区"),
        Municipality(code: "27127", prefecture: "大阪府", city: "大阪市北区"),
        Municipality(code: "01101", prefecture: "北海道", city: "札幌市中央区"),
        Municipality(code: "40133", prefecture: "福岡県", city: "福岡市中央区"),
        Municipality(code: "23101", prefecture: "愛知県", city: "名古屋市千種区"),
        Municipality(code: "04101", prefecture: "宮城県", city: "仙台市青葉区"),
        Municipality(code: "34101", prefecture: "広島県", city: "広島市中区"),
        Municipality(code: "47201", prefecture: "沖縄県", city: "那覇市"),
    ]

    /// What to generate.
    struct Parameters {
        var customers: Int
        var municipalities: Int
        /// Revoked certificates of non-customers in each municipality's CRL.
        var background: Int
        /// Customers revoked since yesterday.
        var revokedToday: Int
        var seed: UInt64
    }

    /// Writes the dataset into `directory` (`signature-root.der`, `yesterday/*.crl`,
    /// `today/*.crl`, `customers.csv`).
    static func generate(_ parameters: Parameters, into directory: String, now: Date) throws -> DemoDataset {
        var random = SeededGenerator(seed: parameters.seed)
        let places = Array(municipalities.prefix(parameters.municipalities))

        // The CA: the simulator's test PKI has J-LIS's names and extensions.
        let pki = try TestPKI()
        let root = pki.signatureRoot
        let rootKey = pki.signatureRootKey
        let keyIdentifier =
            try root.extensions.subjectKeyIdentifier?.keyIdentifier
            ?? CRLBuilder.keyIdentifier(of: root.subjectPublicKeyInfo)

        // Today's CRL was published ten minutes ago; yesterday's a day before.
        let todayUpdate = Int64(now.timeIntervalSince1970) - 600
        let yesterdayUpdate = todayUpdate - 86_400
        let fourYears: Int64 = 4 * 365 * 86_400

        // Serial numbers: unique, positive, below 2⁶³.
        var used: Set<UInt64> = []
        func freshSerial() -> UInt64 {
            while true {
                let serial = UInt64.random(in: 1...UInt64(Int64.max), using: &random)
                if used.insert(serial).inserted { return serial }
            }
        }
        func entry(_ serial: UInt64, at time: Int64, _ reason: RevocationReason) -> CRLBuilder.Entry {
            CRLBuilder.Entry(
                serialNumber: ASN1Integer(serial), revocationDate: ASN1Time(secondsSince1970: time), reason: reason)
        }
        // Reasons, weighted: most signature certificates are revoked because the holder's
        // basic 4 information changed.
        func someReason() -> RevocationReason {
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<14: return .affiliationChanged
            case 14..<16: return .keyCompromise
            case 16..<19: return .cessationOfOperation
            default: return .unspecified
            }
        }

        // The customers, spread over the municipalities.
        var customers: [(id: String, serial: UInt64, place: Int)] = []
        for number in 1...max(1, parameters.customers) {
            customers.append(
                (String(format: "C%07d", number), freshSerial(), Int.random(in: 0..<places.count, using: &random)))
        }

        let customerSerials = Set(customers.map { ASN1Integer($0.serial) })

        var yesterday = [[CRLBuilder.Entry]](repeating: [], count: places.count)
        var added = [[CRLBuilder.Entry]](repeating: [], count: places.count)
        var expectedRevoked: Set<String> = []
        var expectedNewlyRevoked: Set<String> = []

        // Yesterday: strangers revoked over the last four years, and 1 % of the customers.
        for place in places.indices {
            for _ in 0..<parameters.background {
                let time = Int64.random(in: (yesterdayUpdate - fourYears)...(yesterdayUpdate - 3600), using: &random)
                yesterday[place].append(entry(freshSerial(), at: time, someReason()))
            }
        }
        var candidates: [Int] = []
        for (position, customer) in customers.enumerated() {
            if Int.random(in: 0..<100, using: &random) == 0 {
                let time = Int64.random(in: (yesterdayUpdate - fourYears)...(yesterdayUpdate - 3600), using: &random)
                yesterday[customer.place].append(entry(customer.serial, at: time, someReason()))
                expectedRevoked.insert(customer.id)
            } else {
                candidates.append(position)
            }
        }

        // Since yesterday: `revokedToday` customers and 1 % more strangers.
        candidates.shuffle(using: &random)
        for position in candidates.prefix(parameters.revokedToday) {
            let customer = customers[position]
            let time = Int64.random(in: (yesterdayUpdate + 60)...(todayUpdate - 60), using: &random)
            added[customer.place].append(entry(customer.serial, at: time, someReason()))
            expectedRevoked.insert(customer.id)
            expectedNewlyRevoked.insert(customer.id)
        }
        for place in places.indices {
            for _ in 0..<(parameters.background / 100) {
                let time = Int64.random(in: (yesterdayUpdate + 60)...(todayUpdate - 60), using: &random)
                added[place].append(entry(freshSerial(), at: time, someReason()))
            }
        }

        // The files.
        let fileManager = FileManager.default
        let yesterdayDirectory = (directory as NSString).appendingPathComponent("yesterday")
        let todayDirectory = (directory as NSString).appendingPathComponent("today")
        try fileManager.createDirectory(atPath: yesterdayDirectory, withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: todayDirectory, withIntermediateDirectories: true)
        let issuerFile = (directory as NSString).appendingPathComponent("signature-root.der")
        try Data(root.derEncoded).write(to: URL(fileURLWithPath: issuerFile))

        var entriesYesterday = 0
        var entriesToday = 0
        for (place, municipality) in places.enumerated() {
            let partition = JPKIMunicipality(
                prefecture: municipality.prefecture, city: municipality.city, purpose: .signature)
            let scope = IssuingDistributionPoint(
                distributionPoint: .fullName([.directoryName(try partition.distributionPointName())]),
                onlyContainsUserCerts: true)
            // Some strangers' certificates revoked over three years ago expired overnight: they
            // leave the CRL. (The customers' stay, so the expected counts hold.)
            let kept = yesterday[place].filter { entry in
                customerSerials.contains(entry.serialNumber)
                    || entry.revocationDate.secondsSince1970 > yesterdayUpdate - 3 * 365 * 86_400
                    || Int.random(in: 0..<100, using: &random) != 0
            }
            let days: [(entries: [CRLBuilder.Entry], update: Int64, directory: String)] = [
                (yesterday[place], yesterdayUpdate, yesterdayDirectory),
                (kept + added[place], todayUpdate, todayDirectory),
            ]
            for day in days {
                var builder = CRLBuilder(
                    issuer: root.subject, thisUpdate: ASN1Time(secondsSince1970: day.update),
                    nextUpdate: ASN1Time(secondsSince1970: day.update + 86_400), entries: day.entries)
                builder.crlNumber = ASN1Integer(day.update / 86_400)
                builder.authorityKeyIdentifier = keyIdentifier
                builder.issuingDistributionPoint = scope
                let path = (day.directory as NSString).appendingPathComponent("\(municipality.code).crl")
                try Data(try builder.signedDER(with: rootKey)).write(to: URL(fileURLWithPath: path))
            }
            entriesYesterday += days[0].entries.count
            entriesToday += days[1].entries.count
        }

        var csv = CSV.line(["customer_id", "certificate_serial"])
        for customer in customers {
            csv += CSV.line([customer.id, String(customer.serial, radix: 16, uppercase: true)])
        }
        let customersFile = (directory as NSString).appendingPathComponent("customers.csv")
        try Data(csv.utf8).write(to: URL(fileURLWithPath: customersFile))

        return DemoDataset(
            issuerFile: issuerFile, yesterdayDirectory: yesterdayDirectory, todayDirectory: todayDirectory,
            customersFile: customersFile, expectedRevoked: expectedRevoked, expectedNewlyRevoked: expectedNewlyRevoked,
            entriesYesterday: entriesYesterday, entriesToday: entriesToday)
    }
}
