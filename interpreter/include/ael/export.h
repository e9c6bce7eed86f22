/* ael/export.h — AEL_API marks the functions and classes libael exports.
 *
 * The C API is exported explicitly so that it stays the library's surface whatever the
 * default symbol visibility of the build. */
#ifndef AEL_EXPORT_H
#define AEL_EXPORT_H

/* AEL_LOCAL hides an internal class nested in an exported one (Interpreter::Impl),
 * which would otherwise inherit its visibility. */
#if defined(_WIN32)
#define AEL_API
#define AEL_LOCAL
#elif defined(__GNUC__) || defined(__clang__)
#define AEL_API __attribute__((visibility("default")))
#define AEL_LOCAL __attribute__((visibility("hidden")))
#else
#define AEL_API
#define AEL_LOCAL
#endif

#endif /* AEL_EXPORT_H */
