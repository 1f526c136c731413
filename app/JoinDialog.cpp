#include "app/JoinDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace Shoal::Tray {

namespace {

using namespace Qt::StringLiterals;

constexpr int maxGroupNameLength = 64;
constexpr int minPassphraseLength = 8;

} // namespace

JoinDialog::JoinDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Join a group"));
    buildForm();
    updateState();
}

void JoinDialog::buildForm()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"groupName"_s);
    m_name->setAccessibleName(tr("Group name"));
    m_name->setPlaceholderText(tr("for example: office"));
    m_name->setMaxLength(maxGroupNameLength);

    m_usePassphrase = new QRadioButton(tr("&Passphrase"), this);
    m_useKeyFile = new QRadioButton(tr("&Key file"), this);
    m_useOpen = new QRadioButton(tr("No key (&open group)"), this);
    m_usePassphrase->setChecked(true);

    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(u"passphrase"_s);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setAccessibleName(tr("Passphrase"));

    m_keyFile = new QLineEdit(this);
    m_keyFile->setObjectName(u"keyFile"_s);
    m_keyFile->setAccessibleName(tr("Key file"));
    m_browse = new QPushButton(tr("&Browse..."), this);
    m_browse->setAccessibleName(tr("Choose the key file"));
    connect(m_browse, &QPushButton::clicked, this, &JoinDialog::chooseKeyFile);
    auto *keyFileRow = new QHBoxLayout;
    keyFileRow->addWidget(m_keyFile);
    keyFileRow->addWidget(m_browse);

    m_openWarning = new QLabel(
        tr("In an open group anyone on the network can take part. Shoal then accepts records "
           "only as answers to questions this computer asked, never shared ones; a member can "
           "still answer them wrongly."),
        this);
    m_openWarning->setWordWrap(true);
    m_openConfirm = new QCheckBox(tr("I &understand: join without a key"), this);
    m_openConfirm->setObjectName(u"openConfirm"_s);

    m_address = new QLineEdit(this);
    m_address->setObjectName(u"address"_s);
    m_address->setAccessibleName(tr("Multicast address"));
    m_address->setPlaceholderText(tr("optional; derived from the name when empty"));

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #a33;"_s);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Join"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    auto *nameLabel = new QLabel(tr("Group &name:"), this);
    nameLabel->setBuddy(m_name);
    form->addRow(nameLabel, m_name);
    form->addRow(m_usePassphrase, m_passphrase);
    form->addRow(m_useKeyFile, keyFileRow);
    form->addRow(m_useOpen);
    form->addRow(m_openWarning);
    form->addRow(m_openConfirm);
    auto *addressLabel = new QLabel(tr("Multicast &address:"), this);
    addressLabel->setBuddy(m_address);
    form->addRow(addressLabel, m_address);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : {m_name, m_passphrase, m_keyFile, m_address})
        connect(edit, &QLineEdit::textChanged, this, &JoinDialog::updateState);
    for (QRadioButton *button : {m_usePassphrase, m_useKeyFile, m_useOpen})
        connect(button, &QRadioButton::toggled, this, &JoinDialog::updateState);
    connect(m_openConfirm, &QCheckBox::toggled, this, &JoinDialog::updateState);

    setTabOrder(m_name, m_usePassphrase);
    setTabOrder(m_usePassphrase, m_passphrase);
    setTabOrder(m_passphrase, m_useKeyFile);
    setTabOrder(m_useKeyFile, m_keyFile);
    setTabOrder(m_keyFile, m_browse);
    setTabOrder(m_browse, m_useOpen);
    setTabOrder(m_useOpen, m_openConfirm);
    setTabOrder(m_openConfirm, m_address);
}

void JoinDialog::chooseKeyFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Choose the group's key file"), QDir::homePath());
    if (!file.isEmpty()) {
        m_keyFile->setText(file);
        m_useKeyFile->setChecked(true);
    }
}

bool JoinDialog::validGroupName(const QString &name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]*$"_s);
    return name.size() <= maxGroupNameLength && pattern.match(name).hasMatch();
}

QString JoinDialog::keyProblem() const
{
    if (m_usePassphrase->isChecked() && m_passphrase->text().size() < minPassphraseLength)
        return tr("The passphrase needs at least %1 characters.").arg(minPassphraseLength);
    if (m_useKeyFile->isChecked()) {
        const QFileInfo file(m_keyFile->text().trimmed());
        if (m_keyFile->text().trimmed().isEmpty())
            return tr("Choose the key file.");
        if (!file.isAbsolute())
            return tr("Give the key file's full path.");
        if (!file.isFile())
            return tr("There is no file at %1.").arg(file.filePath());
    }
    if (m_useOpen->isChecked() && !m_openConfirm->isChecked())
        return tr("Confirm that you want to join an open group without a key.");
    return {};
}

QString JoinDialog::problem() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Enter the group's name.");
    if (!validGroupName(name))
        return tr("A group name has letters, digits, '.', '_' and '-' only, and starts with a "
                  "letter or digit.");
    const QString key = keyProblem();
    if (!key.isEmpty())
        return key;
    const QString address = m_address->text().trimmed();
    if (!address.isEmpty() && !QHostAddress(address).isMulticast())
        return tr("%1 is not a multicast address (IPv4 224.0.0.0/4, for example 239.255.0.1, "
                  "or IPv6 ff00::/8).")
            .arg(address);
    return {};
}

void JoinDialog::updateState()
{
    m_passphrase->setEnabled(m_usePassphrase->isChecked());
    m_keyFile->setEnabled(m_useKeyFile->isChecked());
    m_browse->setEnabled(m_useKeyFile->isChecked());
    m_openWarning->setVisible(m_useOpen->isChecked());
    m_openConfirm->setVisible(m_useOpen->isChecked());
    const QString text = problem();
    m_problem->setText(text);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

Control::JoinRequest JoinDialog::request() const
{
    Control::JoinRequest request;
    request.name = m_name->text().trimmed();
    if (m_usePassphrase->isChecked())
        request.passphrase = m_passphrase->text();
    else if (m_useKeyFile->isChecked())
        request.keyFile = QFileInfo(m_keyFile->text().trimmed()).absoluteFilePath();
    else
        request.open = m_useOpen->isChecked() && m_openConfirm->isChecked();
    request.address = m_address->text().trimmed();
    return request;
}

} // namespace Shoal::Tray
