#pragma once

#include "shared/control/ControlTypes.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace Shoal::Tray {

// Asks what the "join" request needs: the group's name, where its key comes from (a
// passphrase, a key file, or nothing for an open group, which the user must choose explicitly
// after reading what it means), and optionally a multicast address. Checks what can be checked
// here and says in words what is wrong; OK stays disabled until the input is usable.
class JoinDialog : public QDialog
{
    Q_OBJECT

public:
    explicit JoinDialog(QWidget *parent = nullptr);

    // The request to send; only meaningful when problem() is empty.
    Control::JoinRequest request() const;
    // What keeps the input from being sent, in words; empty when it is fine.
    QString problem() const;

    static bool validGroupName(const QString &name);

private:
    void buildForm();
    void chooseKeyFile();
    void updateState();
    QString keyProblem() const;

    QLineEdit *m_name = nullptr;
    QRadioButton *m_usePassphrase = nullptr;
    QRadioButton *m_useKeyFile = nullptr;
    QRadioButton *m_useOpen = nullptr;
    QLineEdit *m_passphrase = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QPushButton *m_browse = nullptr;
    QCheckBox *m_openConfirm = nullptr;
    QLabel *m_openWarning = nullptr;
    QLineEdit *m_address = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Shoal::Tray
