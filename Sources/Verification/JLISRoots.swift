import JPKIASN1
import JPKIX509

/// The six root CA certificates of the JPKI published by J-LIS (地方公共団体情報システム機構), embedded in
/// the SDK and pinned by SHA-256: three generations (2015, 2019, 2023) of the signature root and of
/// the user-authentication root. The generations of one kind share a subject name; they are told
/// apart by key (a chain is anchored by the root whose key verifies it, never by name alone).
///
/// They are embedded rather than read from a file at run time: a trust anchor read from a file
/// beside the program is one that an attacker can replace. The test suite compares these bytes
/// with the published certificates and their fingerprints.
public struct JLISRoot: Hashable, Sendable, CustomStringConvertible {
    /// What the root's certificates are for.
    public let purpose: JPKIPurpose
    /// The year of the generation: 2015, 2019 or 2023.
    public let generation: Int
    /// The SHA-256 fingerprint of the DER, upper-case hexadecimal.
    public let sha256Fingerprint: String
    /// The certificate.
    public let certificate: Certificate

    /// E.g. `J-LIS signature root 2019`.
    public var description: String {
        "J-LIS \(purpose == .signature ? "signature" : "user-authentication") root \(generation)"
    }

    /// The six roots, signature roots first, oldest generation first.
    public static let all: [JLISRoot] = embedded.compactMap { entry in
        guard case .success(let der) = Base64.decode(entry.base64.utf8),
            let certificate = try? Certificate(derEncoded: der),
            Hex.encode(certificate.sha256Fingerprint) == entry.sha256
        else { return nil }
        return JLISRoot(
            purpose: entry.purpose, generation: entry.generation, sha256Fingerprint: entry.sha256,
            certificate: certificate)
    }

    /// The embedded root that `certificate` is (byte for byte), or `nil`.
    public static func identify(_ certificate: Certificate) -> JLISRoot? {
        let fingerprint = Hex.encode(certificate.sha256Fingerprint)
        return all.first { $0.sha256Fingerprint == fingerprint }
    }

    private static let embedded: [(purpose: JPKIPurpose, generation: Int, sha256: String, base64: String)] = [
        // sign_ca_2015
        (
            .signature, 2015, "19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355",
            """
            MIIFETCCA/mgAwIBAgIBATANBgkqhkiG9w0BAQsFADCBgDELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxIzAhBgNVBAsM
            GkpQS0kgZm9yIGRpZ2l0YWwgc2lnbmF0dXJlMT0wOwYDVQQLDDRKYXBhbiBBZ2VuY3kgZm9yIExvY2FsIEF1dGhvcml0eSBJ
            bmZvcm1hdGlvbiBTeXN0ZW1zMB4XDTE1MTAyMDAyNDAyOFoXDTI1MTAxOTE0NTk1OVowgYAxCzAJBgNVBAYTAkpQMQ0wCwYD
            VQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9MDsGA1UECww0SmFwYW4gQWdlbmN5IGZv
            ciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBANfh
            WTqnpAtEvBNZGuhoXSo5dzJLLhd+XuwNEz9VIZkWQbt3u3YmswI2szvojYQybMsLN+13DR9zCAesuSkBe80fyJUMi6brGoVI
            z1Q0HhhMLQj5jSnOvvijo4Zrp89i3jl81l0X3942iTg8LyakAsaAHjyNeXCDB3rzR8/aqXpqX06tQRqIexYuk3JrWKn6TZ0C
            y3UukYZDmypL+QaAYj8gIN5/FVPDrowqeqdI8hysHzzACZbb47E0EMtJhL/3B9X8gyQ2pehsm5bBBYKS6UDp1MjFmLPpV6W2
            i7IUS0X+h38aSPwq7K1FxL7XnTqG/lwDYSMzrXAVYWtqquC6KwECAwEAAaOCAZIwggGOMA4GA1UdDwEB/wQEAwIBBjCBrgYD
            VR0RBIGmMIGjpIGgMIGdMQswCQYDVQQGEwJKUDEnMCUGA1UECgwe5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K5MTAw
            LgYDVQQLDCflhaznmoTlgIvkurroqo3oqLzjgrXjg7zjg5PjgrnnvbLlkI3nlKgxMzAxBgNVBAsMKuWcsOaWueWFrOWFseWb
            o+S9k+aDheWgseOCt+OCueODhuODoOapn+anizAPBgNVHRMBAf8EBTADAQH/MIGaBgNVHR8EgZIwgY8wgYyggYmggYakgYMw
            gYAxCzAJBgNVBAYTAkpQMQ0wCwYDVQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9MDsG
            A1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczAdBgNVHQ4EFgQUDQNM
            uzTQcU9F5Focr9j9FD+rVKcwDQYJKoZIhvcNAQELBQADggEBAJWYNfX827RsgL0q6MAFfyMq+bUbi9Kz2FJm73u0/lM2Z03d
            4ZAam7InzwLIHol/vRA1TNbDcPthU7eMBu0PcrGfANWykjhvyu8KorM+Rlpc3XNcyljhR96LcTWUTUdMmqH1ZVQNkDJF+ZAT
            pxihwvnvKh700JwmrQZ2YySNw/7wulWqais90LGNHIYxYK1IJ5uv2Q18IPUbuzW+1fwy6UPdA1OBdbdjX9LFCNK8EBSBs5nu
            elGnltbKIbtFPqfjWSOLib9o1TpTV1wHrRK542bWqPBKJGUl8hVuzmkYo8Lr9z6lL35N1zWFiNfIHbKraaqmP5zCoz3RmYYW
            p0jCbJ8=
            """
        ),
        // sign_ca_2019
        (
            .signature, 2019, "79679C33E4CC9319440F1AD120A597FF1844E2EF217063ADB176966FD5E6FBEB",
            """
            MIIFFDCCA/ygAwIBAgIEATLEqzANBgkqhkiG9w0BAQsFADCBgDELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxIzAhBgNV
            BAsMGkpQS0kgZm9yIGRpZ2l0YWwgc2lnbmF0dXJlMT0wOwYDVQQLDDRKYXBhbiBBZ2VuY3kgZm9yIExvY2FsIEF1dGhvcml0
            eSBJbmZvcm1hdGlvbiBTeXN0ZW1zMB4XDTE5MDkxNDIzNDE1NloXDTI5MDkxNDE0NTk1OVowgYAxCzAJBgNVBAYTAkpQMQ0w
            CwYDVQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9MDsGA1UECww0SmFwYW4gQWdlbmN5
            IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEB
            AKekfoH33BKfZA1TajdWE5OaHfmV8682m56uPX9MWA99sGtUS9dd3VEMBA75XWzr54X/dUb8EMbnWEDUeKad/+nCDGflhdtk
            eKdnPX+3pYq5+GjTTU66/zgRHIaYTk10nqj/k02xoeZNy0uP8BOiOTBy1Qwfy5yBLO/IlRyoYGGMRgHElOEo4Lu7UytKYL73
            D0rCI2Lqeu9/b4FSZe3CDw9jMCWYiLMkM1hSEM2SqKir/Nzv5gf6DM0LbvMNTcELuVG427nbhnwrRS7jraUBfhuoHm++roJc
            5loLiw9H9KHks3F27l5VhEhuN2uhe6ZSWl3ebwFpSHIu8CkAFxLuak8CAwEAAaOCAZIwggGOMA4GA1UdDwEB/wQEAwIBBjCB
            rgYDVR0RBIGmMIGjpIGgMIGdMQswCQYDVQQGEwJKUDEnMCUGA1UECgwe5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K5
            MTAwLgYDVQQLDCflhaznmoTlgIvkurroqo3oqLzjgrXjg7zjg5PjgrnnvbLlkI3nlKgxMzAxBgNVBAsMKuWcsOaWueWFrOWF
            seWbo+S9k+aDheWgseOCt+OCueODhuODoOapn+anizAPBgNVHRMBAf8EBTADAQH/MIGaBgNVHR8EgZIwgY8wgYyggYmggYak
            gYMwgYAxCzAJBgNVBAYTAkpQMQ0wCwYDVQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9
            MDsGA1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczAdBgNVHQ4EFgQU
            TeAX3kt/Rz3Nhnpi04sTSs6DVYowDQYJKoZIhvcNAQELBQADggEBAKMh5xyXTfN5lLXTNK0TVkNUry052qwqEka3srunBcJh
            i6IILK1YnpzRTSk83U/Aa8FHpHkFvz1KfhHdfoI31kTasoSA9WvLY1SCShdGvuKkLnhwTwaUGtC/j0t5kFlSUcD6AqUUZDyP
            muFY6ev2QrS4OyqWpnfAUhvepvjPT3MzEOWCzZFkjD2qt7b10boOm2YqZYrcTpwAP/U97dZc3b8tMytJF1T5SXcwkZTl1qOz
            dI3wNMWLhogDCVFE65PwqrWcwE2oZUjQAwFoW6Q4z4LEPx0tChByb4tHl2yyUmY1ZHyvQGdYyryZlYHEndY2sxYuGU17AOug
            ZAxAj7jGAUY=
            """
        ),
        // sign_ca_2023
        (
            .signature, 2023, "D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F",
            """
            MIIFFDCCA/ygAwIBAgIEBnxqITANBgkqhkiG9w0BAQsFADCBgDELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxIzAhBgNV
            BAsMGkpQS0kgZm9yIGRpZ2l0YWwgc2lnbmF0dXJlMT0wOwYDVQQLDDRKYXBhbiBBZ2VuY3kgZm9yIExvY2FsIEF1dGhvcml0
            eSBJbmZvcm1hdGlvbiBTeXN0ZW1zMB4XDTIzMDcxNjAwNTAyN1oXDTMzMDcxNTE0NTk1OVowgYAxCzAJBgNVBAYTAkpQMQ0w
            CwYDVQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9MDsGA1UECww0SmFwYW4gQWdlbmN5
            IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEB
            ANi0xL81Wl6UyoSYgP4lRONGzgOoHZLmhKYn7R78djBrh6ViwZ3UNT2gj1FbApWdPZxyPDG37RXJBzY4qjujYgWG5bDEnkRJ
            fMGG+xsuHkQ1zBf2rxSbwmfWjJmD0zriVKUmOJCbzNCZyZt6OreVjQcueeWx5nZYSzJt8yG6O9GQj+OE0UiN+zweAIfMDnP9
            kjGIzOG3ZoDnr+3wqv/WPfHkKZKknOl3oagtasKaHXZmZvmtiEpG1b70P2dlgeywDDpBCyfP+QpR5BrueXnHjvqX7G0uyGiQ
            ndL+DAt9cycIQergXIrMdOax2wDP/ZPSe1SR1JIFKPDarfKZZUZ3iUkCAwEAAaOCAZIwggGOMA4GA1UdDwEB/wQEAwIBBjCB
            rgYDVR0RBIGmMIGjpIGgMIGdMQswCQYDVQQGEwJKUDEnMCUGA1UECgwe5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K5
            MTAwLgYDVQQLDCflhaznmoTlgIvkurroqo3oqLzjgrXjg7zjg5PjgrnnvbLlkI3nlKgxMzAxBgNVBAsMKuWcsOaWueWFrOWF
            seWbo+S9k+aDheWgseOCt+OCueODhuODoOapn+anizAPBgNVHRMBAf8EBTADAQH/MIGaBgNVHR8EgZIwgY8wgYyggYmggYak
            gYMwgYAxCzAJBgNVBAYTAkpQMQ0wCwYDVQQKDARKUEtJMSMwIQYDVQQLDBpKUEtJIGZvciBkaWdpdGFsIHNpZ25hdHVyZTE9
            MDsGA1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczAdBgNVHQ4EFgQU
            0h6lWJVhfpOtv5ZrlBq07fZT8I8wDQYJKoZIhvcNAQELBQADggEBANLq5fwgQlvbowToAGecatiTa2rSCpRNNibDgNrqgorI
            vwS1mixEAItJWEpXaWq+3l/mN0cNW9kOZsH526Wy9XblvmsQm2CfTB8ltp7kfkiIHIIg3OWnRBbxAd+I6AsvuiE8N3RIZBTK
            E5N/08WxlMPd03wkcgiyT6yu/G57tI7oS0e6FDW31BVdS4JyuXWHs78rgrxrGmcT1L/I6TeG+cQn+MCCMp7TD5GXYtUdrx9Q
            2mmrSR7wf2ZNHiUtYq9hTkbnF0Mt4BUaEw1Bqtch0qlmVQG67YTUerI8rBIsDulJcwzDeVZ5P0UD3TBwLmM9t088Bgrv6is7
            dFPT0JEqNwU=
            """
        ),
        // auth_ca_2015
        (
            .userAuthentication, 2015, "4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D",
            """
            MIIFIDCCBAigAwIBAgIBATANBgkqhkiG9w0BAQsFADCBgjELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxJTAjBgNVBAsM
            HEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFnZW5jeSBmb3IgTG9jYWwgQXV0aG9yaXR5
            IEluZm9ybWF0aW9uIFN5c3RlbXMwHhcNMTUxMDIwMDMwODEzWhcNMjUxMDE5MTQ1OTU5WjCBgjELMAkGA1UEBhMCSlAxDTAL
            BgNVBAoMBEpQS0kxJTAjBgNVBAsMHEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFnZW5j
            eSBmb3IgTG9jYWwgQXV0aG9yaXR5IEluZm9ybWF0aW9uIFN5c3RlbXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB
            AQDErMrTwOIy0V7LHYCBttzaAqhetfooJf8F0YMSGVIBnZDzxKz4toNDWY4mN935Uo9saPTsTtsIRed5azFAekE3VhTKSrfh
            A39uGssJBUEifqxay3WY8XiAIPE5jB5B8Gc6Ked9GvmzwA7TVNxg5M9q5I0+gxtJ2ocqMWOI7A8tfL2UpwOqyVYKRZVXjKIk
            BPIbYrNLdZrAki3FsCCyl7rR47NOt3sLZW1oz2fxJUZubD7oAXzKmZhofU9z3KQG6dgTaNzOpnPKhnxbTwXM68zQW52H8oki
            r/6gJ23gAr+fR8Z+IMuKkCj7df+7Lv+ab/3ZIncb01+QL5XEgHs7RLrHAgMBAAGjggGdMIIBmTAOBgNVHQ8BAf8EBAMCAQYw
            gbcGA1UdEQSBrzCBrKSBqTCBpjELMAkGA1UEBhMCSlAxJzAlBgNVBAoMHuWFrOeahOWAi+S6uuiqjeiovOOCteODvOODk+OC
            uTE5MDcGA1UECwww5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K55Yip55So6ICF6Ki85piO55SoMTMwMQYDVQQLDCrl
            nLDmlrnlhazlhbHlm6PkvZPmg4XloLHjgrfjgrnjg4bjg6DmqZ/mp4swDwYDVR0TAQH/BAUwAwEB/zCBnAYDVR0fBIGUMIGR
            MIGOoIGLoIGIpIGFMIGCMQswCQYDVQQGEwJKUDENMAsGA1UECgwESlBLSTElMCMGA1UECwwcSlBLSSBmb3IgdXNlciBhdXRo
            ZW50aWNhdGlvbjE9MDsGA1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVt
            czAdBgNVHQ4EFgQUlWeVG1ynDYSg//HYWofxqrE0A4UwDQYJKoZIhvcNAQELBQADggEBACJnlGS30OV191IiCvFKB2tGFS1C
            zn56eV4COTzlNr+Ghona96bCy6bCdQvcRrbOMFK/S71umIO9ITR/eYUHhyt5aJv8wljNGctDUzvOzFvwkDs2HOLfv8n+/L8I
            6rRwIozyY58lUzcIFqe/gx0lLupQ9QsM+X/wiA+6oSyV8/yrM+c7aoGKRSQ/PFFV1nVTS7G6VYDrKOMKsvrh4b5buK3JPk7h
            c7AqRMx4lFzyJg+tq6Qy62aL4lCoIqKfmPfp4+GManEfCsDi1JSYpauPmpFMCLM0B8urUUlfDS5W4rtH23D3wcUh1LVI8kMY
            nyc4mpKoe5eoqG8eCWkd0lz1ms4=
            """
        ),
        // auth_ca_2019
        (
            .userAuthentication, 2019, "0D98DE47FC11B7F67126874B7028B6026A803D2638D6EDFE53176953961FADE6",
            """
            MIIFIzCCBAugAwIBAgIEATPDSTANBgkqhkiG9w0BAQsFADCBgjELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxJTAjBgNV
            BAsMHEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFnZW5jeSBmb3IgTG9jYWwgQXV0aG9y
            aXR5IEluZm9ybWF0aW9uIFN5c3RlbXMwHhcNMTkwOTE0MjM0MTU5WhcNMjkwOTE0MTQ1OTU5WjCBgjELMAkGA1UEBhMCSlAx
            DTALBgNVBAoMBEpQS0kxJTAjBgNVBAsMHEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFn
            ZW5jeSBmb3IgTG9jYWwgQXV0aG9yaXR5IEluZm9ybWF0aW9uIFN5c3RlbXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
            AoIBAQCUX3wmWs1xaQEiZ7PZgT8QtawEkWfOnP2uEEwy+DFOSGWtrsacWR3BOPZ7Q7Achl7c+DQMXXhS12XEbehtheeqZG1a
            Qu/IkToiQPuOYH8efAClI9xVQq20Vv2wCNRew4MVGYvM4uwptegdcZ+MPNVP0SxwUqKjpNZMXs5jVVFLs8tAB1mgiZbQbdgv
            eWhOTaYQT5yTpXskaryV1QLJZ7D2BmowiuYw1KVt94tvFj8p0KN66xZl5PyYXM8Zn/gERk88GHazD9BS9UDnXkEKarW1OBh/
            LVtn7qz7M839eCycAt1G9i/9vmnh2sjMD+1dXPApykNQ6t2oWH7A1e2/ofhTAgMBAAGjggGdMIIBmTAOBgNVHQ8BAf8EBAMC
            AQYwgbcGA1UdEQSBrzCBrKSBqTCBpjELMAkGA1UEBhMCSlAxJzAlBgNVBAoMHuWFrOeahOWAi+S6uuiqjeiovOOCteODvOOD
            k+OCuTE5MDcGA1UECwww5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K55Yip55So6ICF6Ki85piO55SoMTMwMQYDVQQL
            DCrlnLDmlrnlhazlhbHlm6PkvZPmg4XloLHjgrfjgrnjg4bjg6DmqZ/mp4swDwYDVR0TAQH/BAUwAwEB/zCBnAYDVR0fBIGU
            MIGRMIGOoIGLoIGIpIGFMIGCMQswCQYDVQQGEwJKUDENMAsGA1UECgwESlBLSTElMCMGA1UECwwcSlBLSSBmb3IgdXNlciBh
            dXRoZW50aWNhdGlvbjE9MDsGA1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lz
            dGVtczAdBgNVHQ4EFgQUjNVYaokUheVZN5t+KdQQz9KLNZMwDQYJKoZIhvcNAQELBQADggEBAEWqclTrsjGOgnru6ZcN9K4u
            dyLXiP7GzBprTu0y83+EAshKAoZ3ffvP6ZJSoVREiCb7lQjM/2VzpcgXHIRO2uKfZA1sy58gPx5IkRE2/nwXpckmIY6PRgD8
            1WMK0g8cWd3MPNsAf0dib10W6/uBpNIqAZ8Uv+VsUZAD9gcaNKNzvzsICfKsN5AcW7p6MlLtgTYcG06nVniKtpj7vEaY0LZR
            LvlWFkaCgKc+YpQegnFq/g9AqkpYpSv319QqMthyk5PqpOGyJmY9H21wi6eZ6SblAbSq7oLAHESCbAUUmuNXR85W9GG1wvul
            tXGG6igwf71wuFqIpjGSIdqnYvFUw1M=
            """
        ),
        // auth_ca_2023
        (
            .userAuthentication, 2023, "64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5",
            """
            MIIFIzCCBAugAwIBAgIEBtGABjANBgkqhkiG9w0BAQsFADCBgjELMAkGA1UEBhMCSlAxDTALBgNVBAoMBEpQS0kxJTAjBgNV
            BAsMHEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFnZW5jeSBmb3IgTG9jYWwgQXV0aG9y
            aXR5IEluZm9ybWF0aW9uIFN5c3RlbXMwHhcNMjMwNzE2MDEwMTA0WhcNMzMwNzE1MTQ1OTU5WjCBgjELMAkGA1UEBhMCSlAx
            DTALBgNVBAoMBEpQS0kxJTAjBgNVBAsMHEpQS0kgZm9yIHVzZXIgYXV0aGVudGljYXRpb24xPTA7BgNVBAsMNEphcGFuIEFn
            ZW5jeSBmb3IgTG9jYWwgQXV0aG9yaXR5IEluZm9ybWF0aW9uIFN5c3RlbXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
            AoIBAQDdxNt+xeqB9O50CBx2IjT3ffw8G/wOfwQJ2RfPHTuwBoudurxDlvqX5MPWlZpFaKNpbY0oWjOsA4BuLW40bS6BW+zm
            dvYIZvtuxKuy5U613FGV0UbM7UT2s4Z/Wk4QJ+B6sFQnnoQlyzbDL3x70GQ+oQMo8To0sFbqoRWUQAu3QoDUNb/H0/k8PxZw
            htUYY2q5kaNbtlI4q+0u+qnQXizXOPx1PJEvPsv0EQyE0+7aiSZ5kdiuDvZ9VdUXqiJHUnEljCYFRRiRJ4LlugEGwqMVWr0v
            U+2UTg+K4vT6ESYxjTAfjgNlR1kWPEs/1UEblqfrJQo/25rTxoQd4/WXyJofAgMBAAGjggGdMIIBmTAOBgNVHQ8BAf8EBAMC
            AQYwgbcGA1UdEQSBrzCBrKSBqTCBpjELMAkGA1UEBhMCSlAxJzAlBgNVBAoMHuWFrOeahOWAi+S6uuiqjeiovOOCteODvOOD
            k+OCuTE5MDcGA1UECwww5YWs55qE5YCL5Lq66KqN6Ki844K144O844OT44K55Yip55So6ICF6Ki85piO55SoMTMwMQYDVQQL
            DCrlnLDmlrnlhazlhbHlm6PkvZPmg4XloLHjgrfjgrnjg4bjg6DmqZ/mp4swDwYDVR0TAQH/BAUwAwEB/zCBnAYDVR0fBIGU
            MIGRMIGOoIGLoIGIpIGFMIGCMQswCQYDVQQGEwJKUDENMAsGA1UECgwESlBLSTElMCMGA1UECwwcSlBLSSBmb3IgdXNlciBh
            dXRoZW50aWNhdGlvbjE9MDsGA1UECww0SmFwYW4gQWdlbmN5IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lz
            dGVtczAdBgNVHQ4EFgQUGsEA9ZajvIxLPfGV4yaZJJ6eMIowDQYJKoZIhvcNAQELBQADggEBAHB2MubK1YUwFd6zUQrinYXd
            kbXKGcm7X7Wfe8bRkxr6PGDeQgWjggCJ44HrU8UZPAec7oCzqey0wQTqziBVjyd98ntWlVV5SrgXeaWbfgI51MgWs5j3a8hr
            CPAwwcRi9XgTFgGvmwjAORrMaNueGkqAK/1YFs9TGuiJxIc8Tm0w/bVGNoS4eJ0uyamqsLQroA9/pHCkp0AehFv4eonhiP8T
            3OsaiMG38JCb5a9K7FDfrwd3T4+zjDIbecJL+viI0psHWwVmoyBBLXNBMjA5kKIqDYaYo6jsd7yoViTGcDpoYeRynal5yjkG
            yXigSal+staD3P6Yf7dJb0HX0gA0KRA=
            """
        ),
    ]
}
