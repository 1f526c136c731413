#pragma once

#include <QByteArray>
#include <QString>
#include <memory>

namespace Shoal::Tray {

// "Start at login": one small interface, one implementation per platform (XdgAutostart on
// Linux and other Unix desktops, WindowsAutostart with the Run key, MacAutostart with a
// LaunchAgent). Each takes the place it writes to as a constructor argument, so tests point
// it at a temporary folder.
class Autostart
{
public:
    virtual ~Autostart() = default;

    virtual bool isEnabled() const = 0;
    // Writes or removes the entry; false on failure, and errorString() says why.
    virtual bool setEnabled(bool enabled) = 0;
    virtual QString errorString() const = 0;
    // Where the entry lives, for the user and the logs.
    virtual QString location() const = 0;

    // The implementation for the platform this was built for, at its standard place, starting
    // `program` (an absolute path).
    static std::unique_ptr<Autostart> forThisPlatform(const QString &program);

protected:
    // For the implementations whose entry is a file: writes `text` to `path` atomically,
    // creating the folder, or removes the file (gone already is fine). On failure they return
    // false and put the reason, for the user, in `error`.
    static bool writeEntryFile(const QString &path, const QByteArray &text, QString &error);
    static bool removeEntryFile(const QString &path, QString &error);
};

} // namespace Shoal::Tray
