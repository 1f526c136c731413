# Debian packages with CPack's DEB generator, one per install component:
#   shoal       shoald, shoalctl, the systemd unit, /etc/shoal/shoald.conf, manual pages, guides
#   shoal-tray  shoal-tray, its desktop and autostart entries, icon, manual page
# Build them from any configured and built tree:
#   cpack --config <build>/CPackConfig.cmake -G DEB -B <output dir>
# The maintainer scripts (resources/debian/) create the user and groups and the state folder;
# they never touch the host's resolver: scripts/configure-host.sh does that when asked.

set(CPACK_PACKAGE_NAME shoal)
set(CPACK_PACKAGE_VENDOR "Shoal")
set(CPACK_PACKAGE_CONTACT "Shoal maintainers <shoal@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL shoal)
if(SHOAL_BUILD_TRAY)
    list(APPEND CPACK_COMPONENTS_ALL tray)
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries each binary links (libqt6core6, libqt6network6, ...) as dpkg-shlibdeps
# finds them, with the versions the build used as lower bounds.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_SHOAL_PACKAGE_NAME shoal)
# The first line is the summary, the rest the long description (CPack indents it and marks
# the empty line).
set(CPACK_DEBIAN_SHOAL_DESCRIPTION "caching DNS resolver that keeps names resolving when the DNS server dies
shoald is a caching stub resolver for 127.0.0.1 and ::1. The shoald daemons of a
subnet join interest groups over IP multicast and share the records they resolved,
so names keep resolving on every member when the site's DNS server fails.

This package holds shoald, its systemd unit, and shoalctl, the terminal client.
Installing it does not change the host's resolver;
/usr/share/shoal/configure-host.sh does, when asked.")
# passwd: groupadd and useradd, which the postinst calls (they also work on a --root install).
set(CPACK_DEBIAN_SHOAL_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_SHOAL_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/resources/debian/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/prerm
    ${PROJECT_SOURCE_DIR}/resources/debian/postrm
    ${PROJECT_BINARY_DIR}/debian/shoal/conffiles)
set(CPACK_DEBIAN_SHOAL_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_TRAY_PACKAGE_NAME shoal-tray)
set(CPACK_DEBIAN_TRAY_DESCRIPTION "system tray view of the Shoal DNS daemon
shoal-tray shows whether shoald answers from the DNS server or, in an outage, from
its cache and its groups; lists peers, groups and the cache; and joins and leaves
groups. It starts at login for every user (/etc/xdg/autostart).")
# The icons are SVG, drawn by the plugins of libqt6svg6: needed even if the tray stops linking
# Qt SVG, when dpkg-shlibdeps would no longer find it.
set(CPACK_DEBIAN_TRAY_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_TRAY_PACKAGE_RECOMMENDS "shoal (= ${PROJECT_VERSION}-1)")
set(CPACK_DEBIAN_TRAY_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/debian/shoal-tray/conffiles)

# dpkg keeps an administrator's changes to these files over upgrades.
file(WRITE ${PROJECT_BINARY_DIR}/debian/shoal/conffiles "${SHOAL_CONFDIR}/shoald.conf\n")
file(WRITE ${PROJECT_BINARY_DIR}/debian/shoal-tray/conffiles
    "/etc/xdg/autostart/shoal-tray.desktop\n")

# CPack would put the project's one-line description above each package's own summary; with
# none, it keeps the component descriptions as they are.
set(CMAKE_PROJECT_DESCRIPTION "")
include(CPack)
