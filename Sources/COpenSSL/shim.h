#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
// OpenSSL's EVP API (libssl-dev), for swift-jpki's one crypto wrapper (CryptoBackend).
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/bn.h>

// Macros Swift cannot import, as functions.
static inline int copenssl_evp_pkey_rsa(void) { return EVP_PKEY_RSA; }
static inline int copenssl_evp_pkey_ec(void) { return EVP_PKEY_EC; }
static inline int copenssl_rsa_pkcs1_padding(void) { return RSA_PKCS1_PADDING; }
static inline int copenssl_rsa_pkcs1_pss_padding(void) { return RSA_PKCS1_PSS_PADDING; }
#endif
