// The desktop test helpers (private buses, child processes, temporary homes) come with the
// client/simulator harnesses, so a suite imports one support module.
@_exported import DesktopTestSupport
