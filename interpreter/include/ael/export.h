/* ael/export.h — AEL_API marks the functions and classes libael exports.
 *
 * The C API is exported explicitly so that it stays the library's surface whatever the
 * default symbol visibility of the build. */
#ifndef AEL_EXPORT_H
#define AEL_EXPORT_H

#if defined(_WIN32)
#define AEL_API
#elif defined(__GNUC__) || defined(__clang__)
#define AEL_API __attribute__((visibility("default")))
#else
#define AEL_API
#endif

#endif /* AEL_EXPORT_H */
