// INSECURE ON PURPOSE: the canary for scripts/electronegativity.mjs. Never copy.
const { app, BrowserWindow, ipcMain, shell } = require('electron');

function createWindow() {
  const win = new BrowserWindow({
    width: 800,
    height: 600,
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
      experimentalFeatures: true,
      enableBlinkFeatures: 'CSSVariables',
      webviewTag: true,
      preload: __dirname + '/preload.js',
    },
  });
  win.loadURL('http://example.com/app.html');
  win.webContents.on('new-window', (event, url) => {
    shell.openExternal(url);
  });
  return win;
}

ipcMain.on('run', (event, command) => {
  event.reply('ran', require('child_process').execSync(command).toString());
});

ipcMain.handle('open', (event, url) => shell.openExternal(url));

app.on('ready', createWindow);
