export default function Installer() {
  return <div className="page" />;
}
